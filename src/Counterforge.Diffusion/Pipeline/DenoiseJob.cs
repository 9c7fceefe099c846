using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// One latent to walk down a plan under a caption with classifier-free guidance, optionally following a reference path
/// outside a mask (DiffEdit), so that many can share each UNet call (<see cref="BatchDenoising"/>). <see cref="Latent"/> is
/// denoised in place.
/// </summary>
/// <param name="Reference">The path the latent outside <paramref name="BlendMask"/> follows (reference[i + 1] after step i); null without a mask.</param>
internal sealed record DenoiseJob(IScheduler Scheduler, int[] Plan, string Caption, double Guidance, float[] Latent, int LatentHeight, int LatentWidth,
    float[][]? Reference = null, float[]? BlendMask = null)
{
    /// <summary>Jobs with the same key can share a batch: one timestep per call, one guidance, one latent size.</summary>
    public string BatchKey => $"{Scheduler.GetType().Name}|{string.Join(',', Plan)}|{Guidance:R}|{LatentHeight}x{LatentWidth}";
}
