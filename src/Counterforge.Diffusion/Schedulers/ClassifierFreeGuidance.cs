namespace Counterforge.Diffusion.Schedulers;

/// <summary>
/// Classifier-free guidance over a batched UNet output: the batch holds the unconditional prediction first and the
/// conditional one second (one Run for both, as diffusers does), and the guided output is u + w·(c − u).
/// </summary>
public static class ClassifierFreeGuidance
{
    /// <param name="batchedOutput">2·n values: unconditional then conditional.</param>
    /// <param name="destination">n values; may overlap the first half of <paramref name="batchedOutput"/>.</param>
    public static void Combine(ReadOnlySpan<float> batchedOutput, float scale, Span<float> destination)
    {
        if (batchedOutput.Length != 2 * destination.Length)
            throw new ArgumentException($"a guided batch holds 2 × {destination.Length} values, got {batchedOutput.Length}");
        Elementwise.Lerp(batchedOutput[..destination.Length], batchedOutput[destination.Length..], scale, destination);
    }
}
