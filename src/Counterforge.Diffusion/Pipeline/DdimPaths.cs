using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// The two deterministic DDIM walks the inversion-based editors share: inversion (clean latent up to the noisiest
/// timestep of a plan, keeping every level) and denoising (down the same plan, optionally blending each new level
/// with a reference path outside a mask, as DiffEdit does). Both reuse the caller's buffers across steps.
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

    /// <summary>
    /// Denoises <paramref name="latent"/> (at level plan[0]) in place down the plan. With a mask, after every step the
    /// latent outside it (mask 0) is replaced by the reference path's latent at the same level (reference[i + 1]).
    /// </summary>
    /// <param name="mask">h × w values in [0, 1] applied to every channel; null for no blending.</param>
    public static void Denoise(IScheduler scheduler, TextGuidedUnet unet, ReadOnlySpan<int> plan, float[] latent,
                               float[][]? reference = null, float[]? mask = null)
    {
        var input = new float[latent.Length];
        var prediction = new float[latent.Length];
        for (int i = 0; i < plan.Length; i++)
        {
            int next = NoiseSchedule.Next(plan, i);
            scheduler.ScaleModelInput(latent, plan[i], input);
            unet.Predict(input, plan[i], prediction);
            scheduler.Step(prediction, plan[i], next, latent, latent, default);
            if (mask is not null) Blend(latent, reference![i + 1], mask);
        }
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
