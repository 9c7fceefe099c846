using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using SkiaSharp;

namespace Counterforge.Report.Tests.Fixtures;

/// <summary>
/// A tiny world with a planted background shortcut, drawn in 16×16 PNGs: a subject square in its class's colour (noisy, so
/// a weak cue) on a background that goes with the class 90 % of the time in every split but the balanced one. Captions say
/// what the image shows, edits change the background or the subject's shade, and the editor redraws exactly that.
/// </summary>
internal sealed class SwatchWorld(IReadOnlyList<string> classes, IReadOnlyList<string> backgrounds)
{
    public const int Size = 16;
    public const string Background = "background";
    public const string Shade = "shade";

    public IReadOnlyList<string> Classes => classes;
    public IReadOnlyList<string> Backgrounds => backgrounds;

    /// <summary>Renders the dataset: counts per split; a class's image folder is named after the class ('/' cannot be in a name).</summary>
    public Dataset Make(string root, IReadOnlyDictionary<string, int> counts, int seed)
    {
        var random = new Random(seed);
        var samples = new List<Sample>();
        foreach (var (split, count) in counts)
            for (int i = 0; i < count; i++)
            {
                int label = i % classes.Count;
                int background = split == Splits.TestBalanced || random.NextDouble() >= 0.9 ? random.Next(backgrounds.Count) : label % backgrounds.Count;
                string id = $"{split}-{i:D5}";
                var sample = new Sample(id, $"images/{classes[label].Replace('/', '|')}/{id}.png", classes[label], split,
                    Caption(classes[label], "plain", backgrounds[background]), Seed: random.Next(),
                    Attributes: new Dictionary<string, string> { [Background] = backgrounds[background], [Shade] = "plain" });
                var path = Path.Combine(root, sample.ImagePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, Draw(sample, backgrounds[background], "plain"));
                samples.Add(sample);
            }
        var data = new Dataset(root, classes, samples);
        data.Save();
        return data;
    }

    public static string Caption(string className, string shade, string background) => $"a {shade} {className} on {background}";

    /// <summary>The subject's colour carries the class, buried in noise; the background's colour is a fixed hue per word.</summary>
    public byte[] Draw(Sample sample, string background, string shade)
    {
        var noise = new Random(sample.Seed);
        int label = IndexOf(classes, sample.Label);
        int hue = 60 + 140 * label / Math.Max(1, classes.Count - 1) + noise.Next(-70, 71);
        int lift = shade == "plain" ? 0 : 40;
        var subject = new SKColor((byte)Math.Clamp(hue + lift, 0, 255), (byte)Math.Clamp(255 - hue + lift, 0, 255), 128);
        int b = IndexOf(backgrounds, background);
        var ground = new SKColor((byte)(40 + 200 * b / Math.Max(1, backgrounds.Count - 1)), 90, (byte)(230 - 180 * b / Math.Max(1, backgrounds.Count - 1)));
        using var bitmap = new SKBitmap(Size, Size);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(ground);
            using var paint = new SKPaint { Color = subject };
            canvas.DrawRect(5, 5, 6, 6, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    /// <summary>Every other background, and the subject's shade lifted.</summary>
    public sealed class Perturber(SwatchWorld world) : ICaptionPerturber
    {
        public string Name => "swatch";

        public Task<IReadOnlyList<Edit>> PerturbAsync(Sample source, string caption, string className, CancellationToken cancel = default)
        {
            var background = source.Attributes![Background];
            var edits = world.Backgrounds.Where(b => b != background)
                .Select(b => new Edit(source.Id, caption, Caption(source.Label, "plain", b), Background, background, b)).ToList();
            edits.Add(new Edit(source.Id, caption, Caption(source.Label, "pale", background), Shade, "plain", "pale"));
            return Task.FromResult<IReadOnlyList<Edit>>(edits);
        }
    }

    /// <summary>Redraws the source with what the edit names changed and nothing else (the null edit redraws it as it was).</summary>
    public sealed class Editor(SwatchWorld world) : IImageEditor
    {
        public string Name => "swatch";
        public string ConfigKey => "swatch:v1";

        public Task<EditedImage> GenerateAsync(Sample source, string sourceImagePath, Edit edit, CancellationToken cancel = default)
        {
            var background = edit.Kind == Background ? edit.To! : source.Attributes![Background];
            var shade = edit.Kind == Shade ? edit.To! : "plain";
            return Task.FromResult(new EditedImage(world.Draw(source, background, shade)));
        }
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        throw new KeyNotFoundException(value);
    }
}
