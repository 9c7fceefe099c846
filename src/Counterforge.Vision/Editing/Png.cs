using SkiaSharp;

namespace Counterforge.Vision.Editing;

/// <summary>PNG encoding with fixed settings, so equal pixels give equal bytes.</summary>
internal static class Png
{
    private static readonly SKPngEncoderOptions Options = new(SKPngEncoderFilterFlags.AllFilters, 3);

    /// <summary>Encodes opaque RGB (premultiplied pixels are written as seen over black).</summary>
    public static byte[] Encode(SKBitmap bitmap)
    {
        using var opaque = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.GetPixelSpan().CopyTo(opaque.GetPixelSpan());
        var pixels = opaque.GetPixelSpan();
        for (int i = 3; i < pixels.Length; i += 4) pixels[i] = 255;
        return Encode(opaque.PeekPixels());
    }

    /// <summary>Weights 0..1 as an 8-bit grey PNG (white = 1, or white = 0 when inverted).</summary>
    public static byte[] EncodeGray(float[] weights, int width, int height, bool invert)
    {
        using var gray = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = gray.GetPixelSpan();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                float w = weights[y * width + x];
                pixels[y * gray.RowBytes + x] = (byte)Math.Clamp(MathF.Round((invert ? 1 - w : w) * 255f), 0, 255);
            }
        return Encode(gray.PeekPixels());
    }

    private static byte[] Encode(SKPixmap pixmap)
    {
        using var _ = pixmap;
        using var data = pixmap.Encode(Options) ?? throw new InvalidOperationException("Skia could not encode a PNG.");
        return data.ToArray();
    }
}
