using Counterforge.Imaging;
using Counterforge.Diffusion.Editors;
using SkiaSharp;

namespace Counterforge.Diffusion.Images;

/// <summary>
/// Images as the VAE sees them: RGB planes [3, H, W] in [−1, 1]. Decoding (the one image reader, <see cref="ImageFile"/>:
/// EXIF orientation applied, so a phone photo is edited upright, as the classifier sees it) resizes bilinearly with
/// mipmaps to the model's size; encoding resizes back to the source's size and writes PNG with fixed settings, so equal
/// pixels give equal bytes.
/// </summary>
internal static class RgbImage
{
    private static readonly SKSamplingOptions Smooth = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>The width and height of an image file as it stands upright, without decoding its pixels.</summary>
    public static (int Width, int Height) SizeOf(string path) => ImageFile.Dimensions(path);

    /// <summary>The image at <paramref name="width"/>×<paramref name="height"/>, [3, H, W] in [−1, 1]; transparency over black.</summary>
    public static float[] Load(string path, int width, int height)
    {
        using var decoded = ImageFile.Read(path);
        return Load(decoded, path, width, height);
    }

    /// <summary>The same from encoded bytes (PNG, JPEG or WebP) held in memory.</summary>
    public static float[] Decode(byte[] encoded, int width, int height)
    {
        using var decoded = ImageFile.Decode(encoded, "image");
        return Load(decoded, "image", width, height);
    }

    private static float[] Load(SKBitmap decoded, string path, int width, int height)
    {
        using var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (!decoded.ScalePixels(target, Smooth)) throw new InvalidDataException($"{path}: cannot convert the image to {width}×{height} RGBA");
        var pixels = target.GetPixelSpan();
        int plane = width * height;
        var chw = new float[3 * plane];
        for (int y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * target.RowBytes, width * 4);
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++) chw[c * plane + y * width + x] = row[4 * x + c] / 127.5f - 1f;
        }
        return chw;
    }

    /// <summary>PNG of [3, H, W] values in [−1, 1] (clamped), resized to the output size.</summary>
    public static byte[] ToPng(ReadOnlySpan<float> chw, int width, int height, int outputWidth, int outputHeight)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        int plane = width * height;
        for (int y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * bitmap.RowBytes, width * 4);
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < 3; c++) row[4 * x + c] = ToByte(chw[c * plane + y * width + x]);
                row[4 * x + 3] = 255;
            }
        }
        return EncodeResized(bitmap, outputWidth, outputHeight, Smooth);
    }

    /// <summary>
    /// PNG of the source plus a change made at the model's size: source + (edited − reconstruction), the change
    /// resized bilinearly to the source's size, clamped to [−1, 1].
    /// </summary>
    public static byte[] AddChangeToSourcePng(string sourcePath, int sourceWidth, int sourceHeight, ReadOnlySpan<float> edited,
                                              ReadOnlySpan<float> reconstruction, int width, int height)
    {
        var change = new float[edited.Length];
        for (int i = 0; i < change.Length; i++) change[i] = edited[i] - reconstruction[i];
        var source = Load(sourcePath, sourceWidth, sourceHeight);
        var resized = ResizeBilinear(change, width, height, sourceWidth, sourceHeight);
        for (int i = 0; i < source.Length; i++) source[i] = Math.Clamp(source[i] + resized[i], -1f, 1f);
        return ToPng(source, sourceWidth, sourceHeight, sourceWidth, sourceHeight);
    }

    /// <summary>
    /// PNG of the edited image inside the method's mask and the source's own pixels outside it (Blended Latent
    /// Diffusion's background preservation, Avrahami et al. 2023): the latent mask is brought to the source's size
    /// bilinearly, so the seam is feathered over about one latent cell, and the edited image is resized to it.
    /// </summary>
    /// <param name="reconstruction">When given, inside the mask the source plus the change (edited − reconstruction), not the edited image.</param>
    public static byte[] PasteIntoSourcePng(string sourcePath, int sourceWidth, int sourceHeight, float[] edited, int width, int height, LatentMask mask,
                                            float[]? reconstruction = null)
    {
        var source = Load(sourcePath, sourceWidth, sourceHeight);
        var inside = reconstruction is null ? edited : edited.Select((v, i) => v - reconstruction[i]).ToArray();
        var resized = ResizeBilinear(inside, width, height, sourceWidth, sourceHeight);
        if (reconstruction is not null)
            for (int i = 0; i < resized.Length; i++) resized[i] += source[i];
        var weight = ResizePlaneBilinear(mask.Values, mask.Width, mask.Height, sourceWidth, sourceHeight);
        if (mask.KeepsSubject) weight = ColourMatte.Extend(source, weight, sourceWidth, sourceHeight);
        int plane = sourceWidth * sourceHeight;
        for (int i = 0; i < source.Length; i++)
        {
            float m = weight[i % plane];
            source[i] = Math.Clamp(source[i] * (1 - m) + resized[i] * m, -1f, 1f);
        }
        return ToPng(source, sourceWidth, sourceHeight, sourceWidth, sourceHeight);
    }

    private static float[] ResizePlaneBilinear(float[] plane, int width, int height, int outputWidth, int outputHeight)
    {
        var planes = new float[3 * plane.Length];
        plane.CopyTo(planes, 0);
        return ResizeBilinear(planes, width, height, outputWidth, outputHeight)[..(outputWidth * outputHeight)];
    }

    /// <summary>Bilinear resize of [3, H, W] planes, pixel centres aligned (half-pixel offsets), edges clamped.</summary>
    internal static float[] ResizeBilinear(float[] chw, int width, int height, int outputWidth, int outputHeight)
    {
        if (width == outputWidth && height == outputHeight) return chw;
        var output = new float[3 * outputWidth * outputHeight];
        for (int y = 0; y < outputHeight; y++)
        {
            double sy = Math.Clamp((y + 0.5) * height / outputHeight - 0.5, 0, height - 1);
            int y0 = (int)sy, y1 = Math.Min(y0 + 1, height - 1);
            float fy = (float)(sy - y0);
            for (int x = 0; x < outputWidth; x++)
            {
                double sx = Math.Clamp((x + 0.5) * width / outputWidth - 0.5, 0, width - 1);
                int x0 = (int)sx, x1 = Math.Min(x0 + 1, width - 1);
                float fx = (float)(sx - x0);
                for (int c = 0; c < 3; c++)
                {
                    int plane = c * width * height;
                    float top = chw[plane + y0 * width + x0] * (1 - fx) + chw[plane + y0 * width + x1] * fx;
                    float bottom = chw[plane + y1 * width + x0] * (1 - fx) + chw[plane + y1 * width + x1] * fx;
                    output[c * outputWidth * outputHeight + y * outputWidth + x] = top * (1 - fy) + bottom * fy;
                }
            }
        }
        return output;
    }

    /// <summary>PNG of a binary mask [H, W] (white = 1), resized with nearest sampling so it stays binary.</summary>
    public static byte[] MaskToPng(ReadOnlySpan<float> mask, int width, int height, int outputWidth, int outputHeight)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) pixels[y * bitmap.RowBytes + x] = mask[y * width + x] >= 0.5f ? (byte)255 : (byte)0;
        return EncodeResized(bitmap, outputWidth, outputHeight, new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None));
    }

    private static byte[] EncodeResized(SKBitmap bitmap, int width, int height, SKSamplingOptions sampling)
    {
        using var resized = bitmap.Width == width && bitmap.Height == height ? null : new SKBitmap(new SKImageInfo(width, height, bitmap.ColorType, SKAlphaType.Opaque));
        if (resized is not null && !bitmap.ScalePixels(resized, sampling)) throw new InvalidOperationException($"cannot resize the result to {width}×{height}");
        using var pixmap = (resized ?? bitmap).PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 3))
            ?? throw new InvalidOperationException("Skia could not encode the result as PNG");
        return data.ToArray();
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round((value + 1f) * 127.5f), 0f, 255f);
}
