namespace Counterforge.Diffusion.Schedulers;

/// <summary>Argument checks for the element-wise latent operations (a length mismatch is always a caller bug).</summary>
internal static class SpanChecks
{
    public static void SameLength(int expected, params ReadOnlySpan<int> others)
    {
        foreach (int length in others)
            if (length != expected) throw new ArgumentException($"buffer lengths differ: {expected} and {length}");
    }
}
