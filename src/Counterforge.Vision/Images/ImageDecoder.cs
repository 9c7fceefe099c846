using SkiaSharp;
using static TorchSharp.torch;

namespace Counterforge.Vision.Images;

/// <summary>Decodes image files (through <see cref="ImageFile"/>) into RGB bytes laid out CHW, resized to a square size when needed.</summary>
public static class ImageDecoder
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>RGB bytes [3 × size × size], channel-major. Images that are not size × size are stretched to it (bilinear with mipmaps);
    /// transparency is composited over black.</summary>
    public static byte[] DecodeChw(string path, int size)
    {
        var chw = new byte[3 * size * size];
        DecodeChw(path, size, chw);
        return chw;
    }

    public static void DecodeChw(string path, int size, Span<byte> destination)
    {
        using var decoded = ImageFile.Read(path, size, size);
        bool usable = decoded.Width == size && decoded.Height == size
            && decoded.ColorType == SKColorType.Rgba8888 && decoded.AlphaType != SKAlphaType.Unpremul;
        using var converted = usable ? null : new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (converted is not null && !decoded.ScalePixels(converted, Sampling))
            throw new InvalidDataException($"Cannot convert image '{path}' to {size}x{size} RGBA.");
        var bitmap = converted ?? decoded;
        var pixels = bitmap.GetPixelSpan();
        int rowBytes = bitmap.RowBytes, plane = size * size;
        for (int y = 0; y < size; y++)
        {
            var row = pixels.Slice(y * rowBytes, size * 4);
            for (int x = 0; x < size; x++)
            {
                int o = y * size + x;
                destination[o] = row[4 * x];
                destination[plane + o] = row[4 * x + 1];
                destination[2 * plane + o] = row[4 * x + 2];
            }
        }
    }

    /// <summary>Decodes images (in parallel, each once) into a uint8 tensor [N, 3, size, size].</summary>
    public static Tensor DecodeBatch(IReadOnlyList<string> paths, int size)
    {
        int stride = 3 * size * size;
        var buffer = new byte[(long)paths.Count * stride];
        Parallel.For(0, paths.Count, i => DecodeChw(paths[i], size, buffer.AsSpan(i * stride, stride)));
        return tensor(buffer, new long[] { paths.Count, 3, size, size }, ScalarType.Byte);
    }
}
