using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// DDIM inversion, which the inversion-based editors share (clean latent up to the noisiest timestep of a plan, keeping
/// every level), and the blend with which a denoising walk follows such a path outside a mask, as DiffEdit does; the walk
/// down the plan is <see cref="BatchDenoising"/>.
/// </summary>
public static class DdimPaths
{
    /// <summary>
    /// Inverts a clean latent through a descending plan: result[k] is the latent at level plan[k] (result[^1] is the
    /// latent itself at the clean level). ε is evaluated at the level being moved to, as null-text inversion does.
    /// </summary>
    public static float[][] Invert(DdimScheduler scheduler, TextGuidedUnet unet, ReadOnlySpan<int> plan, ReadOnlySpan<float> clean)
    {
        var levels = new float[plan.Length + 1][];
        levels[plan.Length] = clean.ToArray();
        var prediction = new float[clean.Length];
        var x = clean.ToArray();
        for (int k = plan.Length - 1; k >= 0; k--)
        {
            int from = k + 1 < plan.Length ? plan[k + 1] : NoiseSchedule.Final;
            unet.Predict(x, plan[k], prediction);
            scheduler.InverseStep(prediction, from, plan[k], x, x);
            levels[k] = (float[])x.Clone();
        }
        return levels;
    }

    /// <summary>latent = m·latent + (1 − m)·reference, with the h × w mask broadcast over channels.</summary>
    public static void Blend(Span<float> latent, ReadOnlySpan<float> reference, ReadOnlySpan<float> mask)
    {
        int plane = mask.Length;
        if (latent.Length % plane != 0) throw new ArgumentException($"a latent of {latent.Length} values is not whole planes of {plane}");
        // reference + m·(latent − reference): exactly the reference where m = 0.
        for (int start = 0; start < latent.Length; start += plane)
            Elementwise.Lerp(reference.Slice(start, plane), latent.Slice(start, plane), mask, latent.Slice(start, plane));
    }
}
