using System.Text;
using SkiaSharp;

namespace Counterforge.Imaging;

/// <summary>
/// The one way an image file becomes pixels: PNG, JPEG (RGB, grey or CMYK), WebP, BMP or GIF of any size and bit depth,
/// decoded to 8-bit RGBA premultiplied (so reading RGB composites transparency over black), with the EXIF orientation
/// applied. Every failure is an <see cref="InvalidDataException"/> whose message starts with the file's path.
/// </summary>
public static class ImageFile
{
    /// <summary>Pillow's decompression-bomb limit (MAX_IMAGE_PIXELS): larger images are refused before any pixel is decoded.</summary>
    public const long DefaultMaxPixels = 89_478_485;

    /// <summary>Decodes the whole image.</summary>
    public static SKBitmap Read(string path, long maxPixels = DefaultMaxPixels) => Read(path, 0, 0, maxPixels);

    /// <summary>
    /// Decodes the image, letting JPEG decode at a reduced scale (1/2, 1/4, 1/8) as long as the result is still at least
    /// <paramref name="minWidth"/> × <paramref name="minHeight"/> after orientation: a cheap first step of downscaling.
    /// </summary>
    public static SKBitmap Read(string path, int minWidth, int minHeight, long maxPixels = DefaultMaxPixels)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: image not found.", path);
        if (info.Length == 0) throw new InvalidDataException($"{path}: the file is empty (0 bytes), not an image.");
        using var data = SKData.Create(path) ?? throw new InvalidDataException($"{path}: cannot be read.");
        return Decode(data, path, minWidth, minHeight, maxPixels);
    }

    /// <summary>Decodes an image held in memory (a counterfactual, a chat attachment); <paramref name="where"/> names it in errors.</summary>
    public static SKBitmap Decode(byte[] encoded, string where, long maxPixels = DefaultMaxPixels)
    {
        if (encoded.Length == 0) throw new InvalidDataException($"{where}: empty (0 bytes), not an image.");
        using var data = SKData.CreateCopy(encoded);
        return Decode(data, where, 0, 0, maxPixels);
    }

    private static SKBitmap Decode(SKData data, string path, int minWidth, int minHeight, long maxPixels)
    {
        // The codec owns the stream it was created from.
        var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var result);
        if (codec is null)
        {
            stream.Dispose();
            throw new InvalidDataException($"{path}: {Unrecognised(data, result, maxPixels)}");
        }
        var origin = codec.EncodedOrigin;
        bool swapsAxes = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        long pixels = (long)codec.Info.Width * codec.Info.Height;
        if (codec.Info.Width < 1 || codec.Info.Height < 1)
            throw new InvalidDataException($"{path}: the header says {codec.Info.Width}x{codec.Info.Height} pixels.");
        if (pixels > maxPixels)
            throw new InvalidDataException($"{path}: {codec.Info.Width}x{codec.Info.Height} = {pixels} pixels, more than the limit of {maxPixels}; not decoded.");

        var size = DecodeSize(codec, swapsAxes ? minHeight : minWidth, swapsAxes ? minWidth : minHeight);
        var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        try
        {
            result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
            if (result != SKCodecResult.Success) throw new InvalidDataException($"{path}: {Failed(result, codec)}");
            return Orientation.Apply(bitmap, origin);
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    /// <summary>Decodes the image fully and discards it: what a dataset loader calls to leave out files that would fail later.</summary>
    public static void Verify(string path)
    {
        using var _ = Read(path);
    }

    /// <summary>Width and height after orientation, from the header only.</summary>
    public static (int Width, int Height) Dimensions(string path)
    {
        using var codec = SKCodec.Create(path, out var result)
            ?? throw new InvalidDataException($"{path}: cannot read the image header ({result}).");
        return codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom
            ? (codec.Info.Height, codec.Info.Width)
            : (codec.Info.Width, codec.Info.Height);
    }

    private static SKSizeI DecodeSize(SKCodec codec, int minWidth, int minHeight)
    {
        var best = codec.Info.Size;
        if (minWidth <= 0 || minHeight <= 0) return best;
        foreach (var scale in new[] { 0.5f, 0.25f, 0.125f })
        {
            var scaled = codec.GetScaledDimensions(scale);
            if (scaled.Width < minWidth || scaled.Height < minHeight) break;
            best = scaled;
        }
        return best;
    }

    private static string Failed(SKCodecResult result, SKCodec codec) => result switch
    {
        SKCodecResult.IncompleteInput => $"truncated: the {codec.EncodedFormat} data ends before the image is complete.",
        SKCodecResult.ErrorInInput => $"corrupt {codec.EncodedFormat} data.",
        SKCodecResult.InvalidConversion => $"cannot convert this {codec.EncodedFormat} ({codec.Info.ColorType}) to RGBA.",
        _ => $"cannot decode this {codec.EncodedFormat} ({result}).",
    };

    private static string Unrecognised(SKData data, SKCodecResult result, long maxPixels)
    {
        if (PngHeader.Dimensions(data.AsSpan()) is var (width, height))
            return (decimal)width * height > maxPixels
                ? $"the PNG header says {width}x{height} = {(decimal)width * height} pixels, more than the limit of {maxPixels}; not decoded."
                : $"the PNG header says {width}x{height} pixels, which the decoder refuses (a corrupt or hostile header).";
        var head = data.AsSpan()[..(int)Math.Min(64, data.Size)];
        bool text = head.Length > 0 && head.ToArray().All(b => b is (>= 0x20 and < 0x7f) or (byte)'\n' or (byte)'\r' or (byte)'\t');
        return text
            ? $"text, not an image (starts with \"{Encoding.ASCII.GetString(head).Split('\n')[0].Trim()}\")."
            : result == SKCodecResult.IncompleteInput
                ? "truncated: too short to hold an image header."
                : "not a PNG, JPEG, WebP, BMP or GIF image (unrecognised or corrupt header).";
    }
}
