using System.Numerics.Tensors;

namespace Counterforge.Diffusion.Schedulers;

/// <summary>
/// SIMD element-wise kernels for the per-step latent arithmetic (TensorPrimitives), worked through in short chunks
/// with a stack scratch so that the destination may be the same buffer as an input and nothing is allocated.
/// </summary>
public static class Elementwise
{
    private const int Chunk = 512;

    /// <summary>destination = a·x + b·y; destination may be x or y.</summary>
    public static void Combine(ReadOnlySpan<float> x, float a, ReadOnlySpan<float> y, float b, Span<float> destination)
    {
        SpanChecks.SameLength(x.Length, y.Length, destination.Length);
        Span<float> scratch = stackalloc float[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            var by = scratch[..n];
            TensorPrimitives.Multiply(y.Slice(start, n), b, by);
            TensorPrimitives.MultiplyAdd(x.Slice(start, n), a, by, destination.Slice(start, n));
        }
    }

    /// <summary>destination = from + w·(to − from), exact where to == from; destination may be either input.</summary>
    public static void Lerp(ReadOnlySpan<float> from, ReadOnlySpan<float> to, float weight, Span<float> destination)
    {
        SpanChecks.SameLength(from.Length, to.Length, destination.Length);
        Span<float> scratch = stackalloc float[Chunk];
        for (int start = 0; start < from.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, from.Length - start);
            var difference = scratch[..n];
            TensorPrimitives.Subtract(to.Slice(start, n), from.Slice(start, n), difference);
            TensorPrimitives.MultiplyAdd(difference, weight, from.Slice(start, n), destination.Slice(start, n));
        }
    }

    /// <summary>destination = from + w·(to − from) with a per-element weight; destination may be either value input.</summary>
    public static void Lerp(ReadOnlySpan<float> from, ReadOnlySpan<float> to, ReadOnlySpan<float> weight, Span<float> destination)
    {
        SpanChecks.SameLength(from.Length, to.Length, weight.Length, destination.Length);
        Span<float> scratch = stackalloc float[Chunk];
        for (int start = 0; start < from.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, from.Length - start);
            var difference = scratch[..n];
            TensorPrimitives.Subtract(to.Slice(start, n), from.Slice(start, n), difference);
            TensorPrimitives.MultiplyAdd(difference, weight.Slice(start, n), from.Slice(start, n), destination.Slice(start, n));
        }
    }
}
