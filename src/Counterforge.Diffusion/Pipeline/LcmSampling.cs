using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>The LCM multistep loop: predict, take the consistency estimate, re-noise with fresh seeded noise, repeat.</summary>
public static class LcmSampling
{
    /// <summary>Denoises <paramref name="latent"/> (at level plan[0], DDIM space) in place to the final estimate.</summary>
    public static void Denoise(LcmScheduler scheduler, TextGuidedUnet unet, ReadOnlySpan<int> plan, float[] latent, GaussianNoise noise)
    {
        var prediction = new float[latent.Length];
        var denoised = new float[latent.Length];
        var fresh = new float[latent.Length];
        for (int i = 0; i < plan.Length; i++)
        {
            int next = NoiseSchedule.Next(plan, i);
            unet.Predict(latent, plan[i], prediction);
            if (next != NoiseSchedule.Final) noise.Fill(fresh);
            scheduler.Step(prediction, plan[i], next, latent, fresh, latent, denoised);
        }
    }
}
