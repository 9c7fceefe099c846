using SkiaSharp;

namespace Counterforge.Scenes;

/// <summary>
/// Draws a scene caption. Every random choice comes from its own stream, seeded by a stable hash of (seed, component),
/// so that changing one attribute leaves the others' randomness untouched: re-rendering an edited caption with the
/// source's seed gives the same pose, the same texture layout and the same rain, changed only where the edit says.
/// </summary>
public static class SceneRenderer
{
    /// <summary>Bump whenever any image would come out differently (it is part of editor cache keys).</summary>
    public const int Version = 1;

    public const int MinSize = 16;
    public const int MaxSize = 1024;

    // Named random streams; renaming one changes every image.
    private const string PoseStream = "pose";
    private const string BackgroundStream = "background";
    private const string WeatherStream = "weather";

    public static SKBitmap Render(SceneSpec spec, int seed, int size)
    {
        Check(spec, size);
        var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            SceneBackgrounds.Draw(canvas, spec.Background, size, SceneSeeds.Random(seed, BackgroundStream));
            SubjectPainter.Draw(canvas, spec, Pose(spec, seed, size), size);
            SceneAtmosphere.Weather(canvas, spec.Weather, size, SceneSeeds.Random(seed, WeatherStream));
            SceneAtmosphere.Time(canvas, spec.Time, size);
        }
        return bitmap;
    }

    public static byte[] RenderPng(string caption, int seed, int size) => RenderPng(SceneGrammar.Parse(caption), seed, size);

    public static byte[] RenderPng(SceneSpec spec, int seed, int size)
    {
        using var bitmap = Render(spec, seed, size);
        return EncodePng(bitmap);
    }

    /// <summary>PNG with fixed encoder settings, so equal pixels always give equal bytes; zlib level 3 is 3× faster than 6 for 3 % more bytes.</summary>
    public static byte[] EncodePng(SKBitmap bitmap)
    {
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 3))
            ?? throw new InvalidOperationException("Skia could not encode the scene as PNG.");
        return data.ToArray();
    }

    /// <summary>Where and how big the subject is: depends on the seed and the size class only, never on colour, background or weather.</summary>
    internal static SubjectPose Pose(SceneSpec spec, int seed, int size)
    {
        var rng = SceneSeeds.Random(seed, PoseStream);
        // Draw all four numbers unconditionally, in a fixed order, so a size edit keeps centre and rotation.
        double x = rng.NextDouble(), y = rng.NextDouble(), rotation = rng.NextDouble(), scale = rng.NextDouble();
        var (low, high) = spec.Size switch
        {
            "small" => (0.25, 0.30),
            "medium" => (0.40, 0.46),
            "large" => (0.55, 0.65),
            _ => throw new SceneCaptionException($"cannot draw size '{spec.Size}'."),
        };
        // ±12 % of the width keeps even a large, rotated arrow inside the frame.
        return new SubjectPose(
            (float)(size * (0.5 + (x - 0.5) * 0.24)),
            (float)(size * (0.5 + (y - 0.5) * 0.24)),
            (float)((rotation - 0.5) * 60),
            (float)(size * (low + scale * (high - low))));
    }

    /// <summary>A background texture alone (no subject, clear, by day), as PNG: material for background banks in tests and benches.</summary>
    public static byte[] RenderBackgroundPng(string background, int seed, int size)
    {
        SceneGrammar.Require(SceneKinds.Background, background);
        if (size is < MinSize or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Scene images are {MinSize} to {MaxSize} pixels wide.");
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap)) SceneBackgrounds.Draw(canvas, background, size, SceneSeeds.Random(seed, BackgroundStream));
        return EncodePng(bitmap);
    }

    /// <summary>The subject mask of a caption as an 8-bit grey PNG: white = subject (its coverage, soft at the edge), black = the rest.</summary>
    public static byte[] RenderSubjectMaskPng(string caption, int seed, int size)
    {
        var coverage = SubjectCoverage(SceneGrammar.Parse(caption), seed, size);
        using var mask = new SKBitmap(new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = mask.GetPixelSpan();
        for (int y = 0; y < size; y++) coverage.AsSpan(y * size, size).CopyTo(pixels.Slice(y * mask.RowBytes, size));
        return EncodePng(mask);
    }

    /// <summary>The subject's coverage (0–255 per pixel, row-major), drawn alone on a transparent canvas.</summary>
    internal static byte[] SubjectCoverage(SceneSpec spec, int seed, int size)
    {
        Check(spec, size);
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Alpha8, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            SubjectPainter.Draw(canvas, spec, Pose(spec, seed, size), size);
        }
        return bitmap.Bytes;
    }

    private static void Check(SceneSpec spec, int size)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (size is < MinSize or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Scene images are {MinSize} to {MaxSize} pixels wide.");
        SceneGrammar.Spec(spec.Subject, spec.Size, spec.Color, spec.Background, spec.Weather, spec.Time);
    }
}

/// <summary>Centre (pixels), rotation (degrees) and extent (pixels, the shape's largest dimension before rotation).</summary>
internal readonly record struct SubjectPose(float X, float Y, float Rotation, float Extent);
