using Counterforge.Diffusion.Images;
using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// Plain text-to-image sampling: unit Gaussian noise at the model's resolution denoised by DDIM under a caption with
/// classifier-free guidance (the empty caption as the unconditional branch), then decoded. What the editors start
/// from an image, this starts from noise: the way to see what the model draws for a caption.
/// </summary>
public static class TextToImage
{
    /// <returns>The image as PNG, at the model's resolution.</returns>
    public static byte[] Generate(StableDiffusion model, string caption, int seed, int steps = 50, double guidance = 7.5)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "at least one step");
        var (width, height) = model.ModelImageSize(model.Resolution, model.Resolution);
        int latentHeight = height / 8, latentWidth = width / 8;
        float[] pixels;
        int decodedHeight, decodedWidth;
        lock (model.Gate)
        {
            var ddim = new DdimScheduler(model.Schedule);
            var plan = ddim.Timesteps(steps);
            var x = new GaussianNoise(seed).Next(4 * latentHeight * latentWidth);
            BatchDenoising.Run(model, [new DenoiseJob(ddim, plan, caption, guidance, x, latentHeight, latentWidth)]);
            pixels = model.Vae.Decode(new Latent(x, latentHeight, latentWidth), out decodedHeight, out decodedWidth);
        }
        return RgbImage.ToPng(pixels, decodedWidth, decodedHeight, decodedWidth, decodedHeight);
    }
}
