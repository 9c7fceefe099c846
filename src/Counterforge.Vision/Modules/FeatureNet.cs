using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Counterforge.Vision.Modules;

/// <summary>A network split into a backbone that yields pooled features [N, F] and a linear head (named <c>fc</c> unless <see cref="HeadName"/> says otherwise).</summary>
public abstract class FeatureNet : nn.Module<Tensor, Tensor>
{
    protected FeatureNet(string name) : base(name) { }

    public abstract int FeatureDimension { get; }

    /// <summary>The classifier layer; its parameters are <c>{HeadName}.weight</c> and <c>{HeadName}.bias</c> in the state dict.</summary>
    public abstract Linear Head { get; }

    /// <summary>The head's state-dict prefix: <c>fc</c> unless the architecture names it otherwise (e.g. <c>classifier.6</c>).</summary>
    public virtual string HeadName => "fc";

    /// <summary>Top-level modules with weights from the input up to the end of the first stage (a ResNet's conv1, bn1, layer1),
    /// as the state dict names them; empty for layouts without a <c>layer1</c>.</summary>
    public IReadOnlyList<string> EarlyModules
    {
        get
        {
            string head = HeadName.Split('.')[0];
            var modules = named_parameters().Select(p => p.name.Split('.')[0]).Distinct().Where(m => m != head).ToList();
            int firstStage = modules.IndexOf("layer1");
            return firstStage < 0 ? [] : modules.Take(firstStage + 1).ToList();
        }
    }

    /// <summary>Global-pooled penultimate features, [N, FeatureDimension].</summary>
    public abstract Tensor forward_features(Tensor input);

    public override Tensor forward(Tensor input)
    {
        using var features = forward_features(input);
        return Head.forward(features);
    }
}
