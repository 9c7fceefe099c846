using Counterforge.Diffusion.Models;
using Microsoft.ML.OnnxRuntime;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// The VAE's two graphs: image [3, H, W] in [−1, 1] ⇄ latent [4, H/8, W/8] in the UNet's space (× the config's
/// scaling factor). An encoder that reports latent_parameters (mean ‖ log-variance) gives its mean, so encoding is
/// deterministic; one that reports latent_sample gives that sample.
/// </summary>
public sealed class Vae(InferenceSession encoder, InferenceSession decoder, ModelSetSignature signature, float scalingFactor)
{
    public float ScalingFactor => scalingFactor;

    /// <summary>The latent of an image, scaled for the UNet unless <paramref name="scaled"/> is false (InstructPix2Pix conditions on the unscaled mode).</summary>
    public Latent Encode(float[] image, int height, int width, bool scaled = true)
    {
        if (image.Length != 3 * height * width) throw new ArgumentException($"an RGB image of {width}×{height} has {3 * height * width} values, got {image.Length}");
        string outputName = signature.VaeEncoderOutput == VaeEncoderOutput.LatentParameters ? "latent_parameters" : "latent_sample";
        using var input = OrtValues.FromFloats(image, signature.FloatType, [1, 3, height, width]);
        using var runOptions = new RunOptions();
        using var outputs = encoder.Run(runOptions, ["sample"], [input], [outputName]);
        var shape = OrtValues.Shape(outputs[0]);
        if (shape.Length != 4 || shape[0] != 1) throw new InvalidDataException($"the VAE encoder returned shape [{string.Join(", ", shape)}]");
        int h = (int)shape[2], w = (int)shape[3];
        var values = OrtValues.ToFloats(outputs[0]);
        var latent = new float[4 * h * w];
        values.AsSpan(0, latent.Length).CopyTo(latent); // the mean is the first four channels of the parameters
        if (scaled) Scale(latent, scalingFactor);
        return new Latent(latent, h, w);
    }

    /// <summary>The image [3, H, W] in [−1, 1] (not clamped) of a UNet-space latent.</summary>
    public float[] Decode(Latent latent, out int height, out int width)
    {
        var unscaled = (float[])latent.Values.Clone();
        Scale(unscaled, 1 / scalingFactor);
        using var input = OrtValues.FromFloats(unscaled, signature.FloatType, [1, 4, latent.Height, latent.Width]);
        using var runOptions = new RunOptions();
        using var outputs = decoder.Run(runOptions, ["latent_sample"], [input], ["sample"]);
        var shape = OrtValues.Shape(outputs[0]);
        if (shape.Length != 4 || shape[0] != 1 || shape[1] != 3) throw new InvalidDataException($"the VAE decoder returned shape [{string.Join(", ", shape)}]");
        (height, width) = ((int)shape[2], (int)shape[3]);
        return OrtValues.ToFloats(outputs[0]);
    }

    private static void Scale(Span<float> values, float factor)
    {
        for (int i = 0; i < values.Length; i++) values[i] *= factor;
    }
}

/// <summary>A latent [4, Height, Width] as flat values.</summary>
public sealed record Latent(float[] Values, int Height, int Width)
{
    public int Length => Values.Length;
}
