using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Counterforge.Vision.Modules;

/// <summary>
/// A TorchVision model seen as backbone + head. The model's own children are registered here under their own names, so
/// the state dict is exactly PyTorch's (<c>layer1.0.conv1.weight</c>, <c>classifier.6.bias</c>, …). The head is the last
/// Linear layer, named as torchvision names it; the features are that layer's input, captured by a forward pre-hook.
/// </summary>
public sealed class TorchVisionNet : FeatureNet
{
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly Linear head;
    private readonly string headName;
    private bool capturing;
    private Tensor? headInput;

    public TorchVisionNet(string name, nn.Module<Tensor, Tensor> model, string headName) : base(name)
    {
        this.model = model;
        foreach (var (childName, child) in model.named_children()) register_module(childName, child);
        head = model.named_modules().Where(m => m.name == headName).Select(m => m.module).OfType<Linear>().SingleOrDefault()
            ?? throw new ArgumentException($"{name} has no Linear layer named '{headName}'.", nameof(headName));
        this.headName = headName;
        head.register_forward_pre_hook((_, input) =>
        {
            // The model's forward may dispose its intermediates in a scope of its own: keep a handle outside it.
            if (!capturing) return input;
            headInput?.Dispose();
            headInput = input.alias().DetachFromDisposeScope();
            return input;
        });
    }

    public override string HeadName => headName;

    public override int FeatureDimension => (int)head.in_features;

    public override Linear Head => head;

    public override Tensor forward(Tensor input) => model.forward(input);

    public override Tensor forward_features(Tensor input)
    {
        capturing = true;
        try
        {
            model.forward(input).Dispose();
        }
        finally
        {
            capturing = false;
        }
        var features = headInput ?? throw new InvalidOperationException($"{GetName()} did not call its head '{HeadName}'.");
        headInput = null;
        CurrentDisposeScope?.Attach(features);
        return features;
    }

    public override void train(bool on = true)
    {
        base.train(on);
        model.train(on);
    }

    public override void eval() => train(false);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            headInput?.Dispose();
            model.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// TorchVision's MobileNetV3 layout (features, avgpool, flatten, classifier) rebuilt around an existing model's modules with
/// the last classifier layer replaced: TorchSharp's mobilenet_v3 factories fix 1000 classes.
/// </summary>
internal sealed class MobileNetV3WithHead : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> features;
    private readonly nn.Module<Tensor, Tensor> avgpool;
    private readonly Sequential classifier;

    public MobileNetV3WithHead(nn.Module<Tensor, Tensor> original, int classes) : base("MobileNetV3")
    {
        var children = original.named_children().ToDictionary(c => c.name, c => c.module);
        features = (nn.Module<Tensor, Tensor>)children["features"];
        avgpool = (nn.Module<Tensor, Tensor>)children["avgpool"];
        var layers = children["classifier"].named_children().ToList();
        var last = (Linear)layers[^1].module;
        var replacement = nn.Linear(last.in_features, classes);
        using (no_grad())
        {
            nn.init.normal_(replacement.weight!, 0, 0.01); // torchvision's initialisation of MobileNetV3's linear layers
            nn.init.zeros_(replacement.bias!);
        }
        classifier = nn.Sequential(layers.Take(layers.Count - 1)
            .Select(l => (l.name, (nn.Module<Tensor, Tensor>)l.module))
            .Append((layers[^1].name, (nn.Module<Tensor, Tensor>)replacement)));
        last.Dispose();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        classifier.call(avgpool.call(features.call(input)).flatten(1));
}
