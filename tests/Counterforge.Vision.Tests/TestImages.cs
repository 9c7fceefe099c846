using SkiaSharp;

namespace Counterforge.Vision.Tests;

/// <summary>Synthetic PNGs drawn with SkiaSharp in a temporary folder, deleted on dispose.</summary>
public sealed class TestImages : IDisposable
{
    public TestImages() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "counterforge-vision-tests", Guid.NewGuid().ToString("N"));

    public string Write(string name, int size, Action<SKCanvas, int> draw)
    {
        var path = Path.Combine(Folder, name + ".png");
        using var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap)) draw(canvas, size);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>Random colour blocks and circles: a busy natural-ish image.</summary>
    public string Random(string name, int size, int seed) => Write(name, size, (canvas, s) =>
    {
        var random = new Random(seed);
        canvas.Clear(RandomColor(random));
        using var paint = new SKPaint { IsAntialias = true };
        for (int i = 0; i < 24; i++)
        {
            paint.Color = RandomColor(random);
            float x = random.NextSingle() * s, y = random.NextSingle() * s, r = (0.05f + 0.2f * random.NextSingle()) * s;
            if (i % 2 == 0) canvas.DrawCircle(x, y, r, paint);
            else canvas.DrawRect(x, y, r, r * 0.7f, paint);
        }
    });

    /// <summary>Class 0: horizontal stripes; class 1: vertical stripes; random colours and phase.</summary>
    public string Stripes(string name, int size, bool vertical, int seed) => Write(name, size, (canvas, s) =>
    {
        var random = new Random(seed);
        canvas.Clear(RandomColor(random));
        using var paint = new SKPaint { Color = RandomColor(random) };
        int period = 8, offset = random.Next(period);
        for (int p = offset - period; p < s; p += period)
        {
            if (vertical) canvas.DrawRect(p, 0, period / 2, s, paint);
            else canvas.DrawRect(0, p, s, period / 2, paint);
        }
    });

    /// <summary>Horizontal (label 0) and vertical (label 1) stripes, alternating.</summary>
    public IReadOnlyList<Core.Classification.LabeledImage> StripeSet(int count, int size = 32) =>
        Enumerable.Range(0, count)
            .Select(i => new Core.Classification.LabeledImage(Stripes($"stripes{i}", size, vertical: i % 2 == 1, seed: i), i % 2))
            .ToArray();

    public IReadOnlyList<string> RandomSet(string prefix, int count, int size, int seed = 0) =>
        Enumerable.Range(0, count).Select(i => Random($"{prefix}{i}", size, seed * 1000 + i)).ToArray();

    private static SKColor RandomColor(Random random) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
