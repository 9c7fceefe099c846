using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// A graph input or output in pinned host memory, created once and bound by address, so a denoising loop refills
/// and rereads it without allocating. The pipeline always works in float32 (<see cref="Data"/>); for a float16 graph
/// the bound memory is a float16 copy that <see cref="Upload"/> and <see cref="Download"/> convert.
/// </summary>
internal sealed class HostTensor : IDisposable
{
    private readonly Float16[]? half;

    public HostTensor(TensorElementType type, params long[] shape)
    {
        if (type is not (TensorElementType.Float or TensorElementType.Float16))
            throw new ArgumentException($"a host tensor holds float32 or float16, not {type}", nameof(type));
        long count = shape.Aggregate(1L, (a, b) => a * b);
        Data = new float[count];
        Shape = shape;
        if (type == TensorElementType.Float16)
        {
            half = new Float16[count];
            Value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, half.AsMemory(), shape);
        }
        else
        {
            Value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Data.AsMemory(), shape);
        }
    }

    public float[] Data { get; }
    public long[] Shape { get; }
    public OrtValue Value { get; }

    /// <summary>Makes the bound memory match <see cref="Data"/> (a no-op for float32).</summary>
    public void Upload()
    {
        if (half is null) return;
        for (int i = 0; i < Data.Length; i++) half[i] = (Float16)Data[i];
    }

    /// <summary>Makes <see cref="Data"/> match the bound memory after a run (a no-op for float32).</summary>
    public void Download()
    {
        if (half is null) return;
        for (int i = 0; i < Data.Length; i++) Data[i] = (float)half[i];
    }

    public void Dispose() => Value.Dispose();
}
