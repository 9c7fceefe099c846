using Counterforge.Imaging;
using SkiaSharp;
using Counterforge.Core.Generation;
using Counterforge.Vision.Images;

namespace Counterforge.Vision.Editing;

/// <summary>A subject mask as per-pixel weights 0..1 (1 = subject), row-major, at the image's size.</summary>
internal static class SubjectMask
{
    /// <summary>Reads a mask PNG (white = subject; its grey level is the weight) and feathers its edge.</summary>
    /// <exception cref="EditRefusedException">The mask is empty or its shape does not match the image.</exception>
    public static float[] Load(string path, int width, int height, double sigma)
    {
        using var decoded = ImageFile.Read(path);
        if (Math.Abs((double)decoded.Width / decoded.Height - (double)width / height) > 0.01)
            throw new EditRefusedException($"mask '{path}' is {decoded.Width}x{decoded.Height}, not the image's shape {width}x{height}.");
        using var sized = decoded.Width == width && decoded.Height == height ? null : Resize(decoded, width, height);
        var bitmap = sized ?? decoded;
        var weights = new float[width * height];
        var pixels = bitmap.GetPixelSpan();
        bool any = false;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int o = y * bitmap.RowBytes + 4 * x;
                float w = (pixels[o] + pixels[o + 1] + pixels[o + 2]) / (3f * 255f);
                weights[y * width + x] = w;
                any |= w > 0.5f;
            }
        if (!any) throw new EditRefusedException($"mask '{path}' marks no subject (no pixel is more white than black).");
        return Feather(weights, width, height, sigma);
    }

    /// <summary>Separable Gaussian blur (radius 3σ, edges clamped): soft edges instead of a cut-out line.</summary>
    internal static float[] Feather(float[] weights, int width, int height, double sigma)
    {
        if (sigma <= 0) return weights;
        int radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new float[2 * radius + 1];
        for (int i = -radius; i <= radius; i++) kernel[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        float sum = kernel.Sum();
        for (int i = 0; i < kernel.Length; i++) kernel[i] /= sum;
        var across = new float[weights.Length];
        var result = new float[weights.Length];
        Parallel.For(0, height, y =>
        {
            for (int x = 0; x < width; x++)
            {
                float v = 0;
                for (int k = -radius; k <= radius; k++) v += kernel[k + radius] * weights[y * width + Math.Clamp(x + k, 0, width - 1)];
                across[y * width + x] = v;
            }
        });
        Parallel.For(0, height, y =>
        {
            for (int x = 0; x < width; x++)
            {
                float v = 0;
                for (int k = -radius; k <= radius; k++) v += kernel[k + radius] * across[Math.Clamp(y + k, 0, height - 1) * width + x];
                result[y * width + x] = v;
            }
        });
        return result;
    }

    private static SKBitmap Resize(SKBitmap mask, int width, int height)
    {
        var resized = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (!mask.ScalePixels(resized, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)))
        {
            resized.Dispose();
            throw new InvalidDataException($"cannot resize a {mask.Width}x{mask.Height} mask to {width}x{height}.");
        }
        return resized;
    }
}
