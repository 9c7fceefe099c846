using SkiaSharp;

namespace Counterforge.Imaging;

/// <summary>Turns a decoded bitmap upright as its EXIF orientation says, by exact pixel moves (no resampling).</summary>
internal static class Orientation
{
    /// <summary>Returns <paramref name="bitmap"/> itself when upright; otherwise a new bitmap, disposing the given one.</summary>
    public static SKBitmap Apply(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return bitmap;
        int w = bitmap.Width, h = bitmap.Height;
        bool swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        int outW = swap ? h : w, outH = swap ? w : h;
        var upright = new SKBitmap(new SKImageInfo(outW, outH, bitmap.ColorType, bitmap.AlphaType));
        var source = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        var target = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(upright.GetPixelSpan());
        int sourceStride = bitmap.RowBytes / 4, targetStride = upright.RowBytes / 4;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var (tx, ty) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (h - 1 - y, x),
                    SKEncodedOrigin.RightBottom => (h - 1 - y, w - 1 - x),
                    SKEncodedOrigin.LeftBottom => (y, w - 1 - x),
                    _ => (x, y),
                };
                target[ty * targetStride + tx] = source[y * sourceStride + x];
            }
        bitmap.Dispose();
        return upright;
    }
}
