using SkiaSharp;

namespace Counterforge.Language.Tests.Onnx;

internal static class SolidImage
{
    public static byte[] Png(byte red, byte green, byte blue, int size = 8)
    {
        using var bitmap = new SKBitmap(size, size);
        bitmap.Erase(new SKColor(red, green, blue));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
