using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Counterforge.Vision.Modules;

/// <summary>
/// A bfloat16 copy of a float32 network that forward and backward passes run on, while the float32 master keeps the
/// weights (mixed precision with master weights, what autocast users get): with bfloat16's 8-bit mantissa a small SGD
/// update to a bfloat16 weight would round away. TorchSharp exposes no autocast, hence the explicit twin.
/// </summary>
internal sealed class LowPrecisionTwin : IDisposable
{
    public const ScalarType Type = ScalarType.BFloat16;

    private readonly (string Name, Parameter Master, Parameter Twin)[] parameters;
    private readonly (Tensor Master, Tensor Twin)[] buffers;

    /// <param name="fresh">A new instance of the master's architecture; it becomes the twin.</param>
    public LowPrecisionTwin(FeatureNet master, FeatureNet fresh)
    {
        Network = fresh;
        Network.to(Type);
        var twinParameters = Network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        parameters = master.named_parameters().Select(p => (p.name, p.parameter, twinParameters[p.name])).ToArray();
        var twinBuffers = Network.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        buffers = master.named_buffers().Select(b => (b.buffer, twinBuffers[b.name])).ToArray();
        CopyFromMaster();
    }

    public FeatureNet Network { get; }

    /// <summary>Each parameter's state-dict name, the master's tensor and the twin's.</summary>
    public IEnumerable<(string Name, Parameter Master, Parameter Twin)> NamedParameters => parameters;

    /// <summary>Weights and batch-norm statistics from the master.</summary>
    public void CopyFromMaster()
    {
        CopyParametersFromMaster();
        using var _ = no_grad();
        foreach (var (from, to) in buffers) to.copy_(from);
    }

    /// <summary>Weights only: during training the twin's batch-norm statistics are the ones being updated.</summary>
    public void CopyParametersFromMaster()
    {
        using var _ = no_grad();
        foreach (var (_, from, to) in parameters) to.copy_(from);
    }

    /// <summary>Batch-norm statistics back to the master after training updated them here.</summary>
    public void CopyBuffersToMaster()
    {
        using var _ = no_grad();
        foreach (var (to, from) in buffers) to.copy_(from);
    }

    /// <summary>A float32 network input in the dtype of <paramref name="network"/>'s weights (the master's or a twin's).</summary>
    public static Tensor InputFor(FeatureNet network, Tensor input)
    {
        var dtype = network.Head.weight!.dtype;
        return input.dtype == dtype ? input : input.to_type(dtype);
    }

    public void Dispose() => Network.Dispose();
}
