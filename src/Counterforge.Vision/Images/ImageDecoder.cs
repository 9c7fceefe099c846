using Counterforge.Imaging;
using SkiaSharp;
using static TorchSharp.torch;

namespace Counterforge.Vision.Images;

/// <summary>Decodes image files (through <see cref="ImageFile"/>: orientation, CMYK, 16-bit, size limits) into RGB bytes laid out CHW, resized (and optionally centre-cropped) to a square.</summary>
public static class ImageDecoder
{
    private static readonly SKSamplingOptions Bilinear = new(SKFilterMode.Linear, SKMipmapMode.None);
    private static readonly SKSamplingOptions Mipmapped = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>
    /// Bilinear sampling reads every source pixel while the image shrinks at most twofold, so it needs no mipmaps there;
    /// beyond that it would skip pixels and alias, and a mipmap chain (built per image: the pipeline's main cost) pays off.
    /// </summary>
    private static SKSamplingOptions SamplingFor(float sourceSide, int size) => sourceSide > 2f * size ? Mipmapped : Bilinear;

    /// <summary>RGB bytes [3 × size × size], channel-major. Images that are not size × size are stretched to it (bilinear with mipmaps);
    /// transparency is composited over black.</summary>
    public static byte[] DecodeChw(string path, int size, int? resizeTo = null)
    {
        var chw = new byte[3 * size * size];
        DecodeChw(path, size, chw, resizeTo);
        return chw;
    }

    /// <param name="resizeTo">Null: stretch the whole image to size². Otherwise the shorter side is resized to this many
    /// pixels and the central size² is kept (torchvision's Resize + CenterCrop).</param>
    public static void DecodeChw(string path, int size, Span<byte> destination, int? resizeTo = null)
    {
        int least = resizeTo ?? size;
        using var decoded = ImageFile.Read(path, least, least);
        using var converted = resizeTo is { } shorterSide ? CenterCrop(decoded, size, shorterSide, path) : Stretch(decoded, size, path);
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

    /// <summary>Null when the decoded bitmap is already size² RGBA premultiplied; otherwise the stretched copy.</summary>
    private static SKBitmap? Stretch(SKBitmap decoded, int size, string path)
    {
        if (decoded.Width == size && decoded.Height == size
            && decoded.ColorType == SKColorType.Rgba8888 && decoded.AlphaType != SKAlphaType.Unpremul) return null;
        var converted = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (decoded.ScalePixels(converted, SamplingFor(Math.Max(decoded.Width, decoded.Height), size))) return converted;
        converted.Dispose();
        throw new InvalidDataException($"Cannot convert image '{path}' to {size}x{size} RGBA.");
    }

    private static SKBitmap CenterCrop(SKBitmap decoded, int size, int shorterSide, string path)
    {
        if (decoded.Width < 1 || decoded.Height < 1) throw new InvalidDataException($"Image '{path}' has no pixels.");
        // The crop, mapped back to source pixels: a square of size/scale centred in the image.
        float side = size * (float)Math.Min(decoded.Width, decoded.Height) / shorterSide;
        var source = SKRect.Create((decoded.Width - side) / 2, (decoded.Height - side) / 2, side, side);
        var cropped = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var image = SKImage.FromBitmap(decoded);
        using var canvas = new SKCanvas(cropped);
        canvas.Clear(SKColors.Transparent);
        canvas.DrawImage(image, source, SKRect.Create(size, size), SamplingFor(side, size));
        return cropped;
    }

    /// <summary>Decodes images (in parallel, each once) into a uint8 tensor [N, 3, size, size]; <paramref name="resizeTo"/> as in <see cref="DecodeChw(string,int,Span{byte},int?)"/>.</summary>
    public static Tensor DecodeBatch(IReadOnlyList<string> paths, int size, int? resizeTo = null)
    {
        int stride = 3 * size * size;
        var buffer = new byte[(long)paths.Count * stride];
        Parallel.For(0, paths.Count, i => DecodeChw(paths[i], size, buffer.AsSpan(i * stride, stride), resizeTo));
        return tensor(buffer, new long[] { paths.Count, 3, size, size }, ScalarType.Byte);
    }
}
