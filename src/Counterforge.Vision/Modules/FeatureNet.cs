using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Counterforge.Vision.Modules;

/// <summary>A network split into a backbone that yields pooled features [N, F] and a linear head named <c>fc</c>.</summary>
public abstract class FeatureNet : nn.Module<Tensor, Tensor>
{
    protected FeatureNet(string name) : base(name) { }

    public abstract int FeatureDimension { get; }

    /// <summary>The classifier layer; its parameters are <c>fc.weight</c> and <c>fc.bias</c> in the state dict.</summary>
    public abstract Linear Head { get; }

    /// <summary>Global-pooled penultimate features, [N, FeatureDimension].</summary>
    public abstract Tensor forward_features(Tensor input);

    public override Tensor forward(Tensor input)
    {
        using var features = forward_features(input);
        return Head.forward(features);
    }

    /// <summary>Every parameter except the head's.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> BackboneParameters() =>
        named_parameters().Where(p => !p.name.StartsWith("fc.", StringComparison.Ordinal));
}
