using System.Text.Json;
using SkiaSharp;

namespace Counterforge.Language.Onnx;

/// <summary>
/// A Hugging Face image processor's settings (preprocessor_config.json): resize the shortest edge then centre-crop
/// (CLIP), or resize straight to height × width (ViT); scale to [0, 1]; normalise per channel. Produces NCHW floats.
/// </summary>
public sealed record ImagePreprocessing(int Width, int Height, int ShortestEdge, bool CenterCrop, float[] Mean, float[] Std)
{
    public static ImagePreprocessing Read(string path, ImagePreprocessing defaults)
    {
        if (!File.Exists(path)) return defaults;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            bool crop = root.TryGetProperty("do_center_crop", out var c) ? c.GetBoolean() : defaults.CenterCrop;
            var (width, height) = Size(root, crop ? "crop_size" : "size", (defaults.Width, defaults.Height));
            int shortest = root.TryGetProperty("size", out var s)
                ? s.ValueKind == JsonValueKind.Number ? s.GetInt32() : s.TryGetProperty("shortest_edge", out var e) ? e.GetInt32() : Math.Min(width, height)
                : defaults.ShortestEdge;
            var mean = Triple(root, "image_mean", defaults.Mean, path);
            var std = Triple(root, "image_std", defaults.Std, path);
            if (width < 1 || height < 1 || shortest < 1 || std.Any(v => v <= 0))
                throw new InvalidDataException($"{path}: sizes must be positive and image_std above zero.");
            return new ImagePreprocessing(width, height, shortest, crop, mean, std);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path}: not a readable image processor configuration ({e.Message})", e);
        }
    }

    /// <summary>The image as a [1, 3, Height, Width] tensor's data.</summary>
    public float[] Tensor(byte[] encodedImage, string where)
    {
        using var decoded = Imaging.ImageFile.Decode(encodedImage, where);
        int resizedWidth = Width, resizedHeight = Height;
        if (CenterCrop)
        {
            double scale = (double)ShortestEdge / Math.Min(decoded.Width, decoded.Height);
            resizedWidth = Math.Max(Width, (int)Math.Round(decoded.Width * scale));
            resizedHeight = Math.Max(Height, (int)Math.Round(decoded.Height * scale));
        }
        using var resized = decoded.Resize(new SKImageInfo(resizedWidth, resizedHeight, SKColorType.Rgba8888, SKAlphaType.Unpremul),
                                           new SKSamplingOptions(SKCubicResampler.CatmullRom))
                            ?? throw new InvalidDataException($"{where}: cannot resize the image.");
        int left = (resizedWidth - Width) / 2, top = (resizedHeight - Height) / 2;
        var data = new float[3 * Width * Height];
        int plane = Width * Height;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                var pixel = resized.GetPixel(left + x, top + y);
                int at = y * Width + x;
                data[at] = (pixel.Red / 255f - Mean[0]) / Std[0];
                data[plane + at] = (pixel.Green / 255f - Mean[1]) / Std[1];
                data[2 * plane + at] = (pixel.Blue / 255f - Mean[2]) / Std[2];
            }
        return data;
    }

    private static (int Width, int Height) Size(JsonElement root, string name, (int, int) fallback)
    {
        if (!root.TryGetProperty(name, out var size)) return fallback;
        if (size.ValueKind == JsonValueKind.Number) return (size.GetInt32(), size.GetInt32());
        if (size.TryGetProperty("height", out var h) && size.TryGetProperty("width", out var w)) return (w.GetInt32(), h.GetInt32());
        if (size.TryGetProperty("shortest_edge", out var e)) return (e.GetInt32(), e.GetInt32());
        return fallback;
    }

    private static float[] Triple(JsonElement root, string name, float[] fallback, string path)
    {
        if (!root.TryGetProperty(name, out var values)) return fallback;
        var triple = values.EnumerateArray().Select(v => v.GetSingle()).ToArray();
        return triple.Length == 3 ? triple : throw new InvalidDataException($"{path}: '{name}' has {triple.Length} values, expected 3.");
    }
}
