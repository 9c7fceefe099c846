using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Counterforge.Vision.Modules;

/// <summary>
/// A basic-block ResNet with TorchVision's state-dict names (<c>conv1.weight</c>, <c>layer1.0.bn1.running_mean</c>,
/// <c>layer2.0.downsample.0.weight</c>, <c>fc.weight</c>), built from a <see cref="ResNetSpec"/> so that the same module
/// serves resnet18 from scratch and the imported CNTK ResNet (asymmetric padding, [2,2,2,3] blocks).
/// </summary>
public sealed class ResNet : FeatureNet
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Linear fc;
    private readonly Sequential[] layers;
    private readonly ResNetSpec spec;

    // Named so that TorchSharp registers them as layer1..layerN (fields named like PyTorch's attributes).
    private readonly Sequential? layer1, layer2, layer3, layer4;

    public ResNet(ResNetSpec spec, int classes) : base("ResNet")
    {
        if (spec.Stages.Count is < 1 or > 4)
            throw new ArgumentException("A ResNet here has 1 to 4 stages.", nameof(spec));
        this.spec = spec;
        conv1 = Convolutions.Create(spec.Stem);
        bn1 = nn.BatchNorm2d(spec.Stem.OutChannels, eps: spec.BatchNormEps);
        layers = spec.Stages
            .Select(stage => nn.Sequential(stage.Select((b, i) => ($"{i}", (nn.Module<Tensor, Tensor>)new BasicBlock(b, spec.BatchNormEps)))))
            .ToArray();
        layer1 = layers.ElementAtOrDefault(0);
        layer2 = layers.ElementAtOrDefault(1);
        layer3 = layers.ElementAtOrDefault(2);
        layer4 = layers.ElementAtOrDefault(3);
        fc = nn.Linear(spec.FeatureDimension, classes);
        RegisterComponents();
        Convolutions.InitializeLikeTorchVision(this);
    }

    public ResNetSpec Spec => spec;

    public override int FeatureDimension => spec.FeatureDimension;

    public override Linear Head => fc;

    public override Tensor forward_features(Tensor input)
    {
        var x = conv1.forward(spec.Stem.Padding.Apply(input));
        x = nn.functional.relu(bn1.forward(x));
        x = nn.functional.max_pool2d(spec.PoolPadding.Apply(x, double.NegativeInfinity),
            spec.PoolKernel, spec.PoolStride, spec.PoolPadding.LayerPadding);
        foreach (var layer in layers) x = layer.forward(x);
        return nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
    }
}

/// <summary>TorchVision's BasicBlock (internal in TorchSharp), with explicit padding for asymmetric pads.</summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly Sequential? downsample;
    private readonly BlockSpec spec;

    public BasicBlock(BlockSpec spec, double eps) : base("BasicBlock")
    {
        this.spec = spec;
        conv1 = Convolutions.Create(spec.Conv1);
        bn1 = nn.BatchNorm2d(spec.Conv1.OutChannels, eps: eps);
        conv2 = Convolutions.Create(spec.Conv2);
        bn2 = nn.BatchNorm2d(spec.Conv2.OutChannels, eps: eps);
        if (spec.Downsample is { } d)
            downsample = nn.Sequential(("0", Convolutions.Create(d)), ("1", nn.BatchNorm2d(d.OutChannels, eps: eps)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = nn.functional.relu(bn1.forward(conv1.forward(spec.Conv1.Padding.Apply(input))));
        x = bn2.forward(conv2.forward(spec.Conv2.Padding.Apply(x)));
        var identity = downsample is null ? input : downsample.forward(spec.Downsample!.Padding.Apply(input));
        return nn.functional.relu(x.add_(identity));
    }
}

internal static class Convolutions
{
    public static Conv2d Create(ConvSpec s) =>
        nn.Conv2d(s.InChannels, s.OutChannels, s.Kernel, stride: s.Stride, padding: s.Padding.LayerPadding, bias: false);

    /// <summary>Kaiming-normal (fan-out, ReLU) convolutions and unit/zero batch norms, as TorchVision does.</summary>
    public static void InitializeLikeTorchVision(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight);
                    nn.init.zeros_(bn.bias);
                    break;
            }
        }
    }
}
