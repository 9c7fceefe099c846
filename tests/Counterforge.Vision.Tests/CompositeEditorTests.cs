using Counterforge.Imaging;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Vision.Editing;
using Counterforge.Vision.Images;
using SkiaSharp;

namespace Counterforge.Vision.Tests;

public sealed class CompositeEditorTests : IDisposable
{
    private const int Size = 40;
    private readonly string root = Directory.CreateTempSubdirectory("cf-composite-").FullName;
    private readonly Dataset dataset;
    private readonly BackgroundBank bank;

    public CompositeEditorTests()
    {
        // Subject: a vertically shaded red square in the middle (x, y in 12..27) on a grey background.
        Write("img/a.png", ImageBytes.Encode(Size, Size, SKEncodedImageFormat.Png, canvas =>
        {
            canvas.Clear(new SKColor(128, 128, 128));
            for (int y = 12; y < 28; y++)
            {
                using var paint = new SKPaint { Color = new SKColor((byte)(120 + 8 * (y - 12)), 20, 20) };
                canvas.DrawRect(12, y, 16, 1, paint);
            }
        }));
        Write("masks/a.png", ImageBytes.Encode(Size, Size, SKEncodedImageFormat.Png, canvas =>
        {
            canvas.Clear(SKColors.Black);
            using var paint = new SKPaint { Color = SKColors.White };
            canvas.DrawRect(12, 12, 16, 16, paint);
        }));
        Write("img/unmasked.png", File.ReadAllBytes(Path.Combine(root, "img/a.png")));
        Write("bank/snow/1.png", ImageBytes.Encode(80, 60, SKEncodedImageFormat.Png, c => c.Clear(new SKColor(230, 240, 250))));
        Write("bank/grass/1.png", ImageBytes.Encode(60, 80, SKEncodedImageFormat.Png, c => c.Clear(new SKColor(30, 160, 40))));
        dataset = new Dataset(root, ["thing"],
        [
            new Sample("a", "img/a.png", "thing", Splits.Test, "a photo of a thing", MaskPath: "masks/a.png"),
            new Sample("unmasked", "img/unmasked.png", "thing", Splits.Test, "a photo of a thing"),
        ]);
        bank = BackgroundBank.Load(Path.Combine(root, "bank"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private EditedImage Run(string sampleId, Edit edit, CompositeOptions? options = null)
    {
        var sample = dataset.Samples.Single(s => s.Id == sampleId);
        return new CompositeEditor(dataset, bank, options).Generate(sample, dataset.FullPath(sample), edit);
    }

    private static Edit Background(string to) => new("a", "a photo of a thing", $"a photo of a thing on {to}", EditKinds.Background, null, to);

    private static bool Inside(int x, int y, int margin) => x >= 12 + margin && x < 28 - margin && y >= 12 + margin && y < 28 - margin;

    [Fact]
    public void A_background_edit_keeps_the_subject_and_fills_the_rest_from_the_bank()
    {
        var made = Run("a", Background("grass"));
        using var result = SKBitmap.Decode(made.Png);
        using var source = ImageFile.Read(Path.Combine(root, "img/a.png"));
        using var mask = SKBitmap.Decode(made.MaskPng!);
        Assert.Equal((Size, Size), (result.Width, result.Height));
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                if (Inside(x, y, 3))
                {
                    Assert.Equal(source.GetPixel(x, y), result.GetPixel(x, y));
                    Assert.Equal(0, mask.GetPixel(x, y).Red);
                }
                else if (!Inside(x, y, -3))
                {
                    Assert.Equal(new SKColor(30, 160, 40), result.GetPixel(x, y));
                    Assert.Equal(255, mask.GetPixel(x, y).Red);
                }
            }
        // The feathered edge mixes both.
        var edge = result.GetPixel(12, 20);
        Assert.True(edge.Green is > 40 and < 150, $"edge pixel {edge}");
    }

    [Fact]
    public void A_colour_edit_recolours_the_subject_keeping_its_shading_and_nothing_else()
    {
        var made = Run("a", new Edit("a", "a photo of a thing", "a photo of a blue thing", EditKinds.Color, null, "blue"));
        using var result = SKBitmap.Decode(made.Png);
        using var source = ImageFile.Read(Path.Combine(root, "img/a.png"));
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                if (!Inside(x, y, -3)) Assert.Equal(source.GetPixel(x, y), result.GetPixel(x, y));
        var top = result.GetPixel(20, 15);
        var bottom = result.GetPixel(20, 24);
        Assert.True(top.Blue > top.Red + 40 && top.Blue > top.Green + 40, $"top {top} is not blue");
        Assert.True(bottom.Blue > bottom.Red + 40, $"bottom {bottom} is not blue");
        Assert.True(bottom.Blue + bottom.Red + bottom.Green > top.Blue + top.Red + top.Green + 30, $"shading lost: top {top}, bottom {bottom}");
        using var mask = SKBitmap.Decode(made.MaskPng!);
        Assert.Equal(255, mask.GetPixel(20, 20).Red);
        Assert.Equal(0, mask.GetPixel(2, 2).Red);
    }

    [Fact]
    public void Without_a_bank_colour_edits_are_made_and_background_edits_are_refused_with_what_to_give()
    {
        var sample = dataset.Samples.Single(s => s.Id == "a");
        var editor = new CompositeEditor(dataset, bank: null);
        var colour = new Edit("a", "a photo of a thing", "a photo of a blue thing", EditKinds.Color, null, "blue");
        Assert.Equal(Run("a", colour).Png, editor.Generate(sample, dataset.FullPath(sample), colour).Png);
        var error = Assert.Throws<EditRefusedException>(() => editor.Generate(sample, dataset.FullPath(sample), Background("snow")));
        Assert.Contains("--backgrounds", error.Message);
        Assert.Contains("'snow'", error.Message);
        Assert.NotEqual(new CompositeEditor(dataset, bank).ConfigKey, editor.ConfigKey);
    }

    [Fact]
    public void The_null_edit_returns_the_source_pixels()
    {
        var made = Run("a", Edit.Null("a", "a photo of a thing"));
        using var result = SKBitmap.Decode(made.Png);
        using var source = ImageFile.Read(Path.Combine(root, "img/a.png"));
        Assert.Equal(source.Pixels, result.Pixels);
        Assert.Null(made.MaskPng);
    }

    [Fact]
    public void An_image_without_a_mask_is_refused_with_its_path()
    {
        var error = Assert.Throws<EditRefusedException>(() => Run("unmasked", Background("snow") with { SourceId = "unmasked" }));
        Assert.Contains(Path.Combine(root, "img", "unmasked.png"), error.Message);
        Assert.Contains("no subject mask", error.Message);
    }

    [Fact]
    public void Kinds_and_words_it_cannot_do_are_refused_with_the_reason()
    {
        var weather = Assert.Throws<EditRefusedException>(() => Run("a", new Edit("a", "x", "x in the rain", "weather", null, "rain")));
        Assert.Contains("'weather'", weather.Message);
        var word = Assert.Throws<EditRefusedException>(() => Run("a", Background("lava")));
        Assert.Contains("'lava'", word.Message);
        Assert.Contains("grass, snow", word.Message);
        var colour = Assert.Throws<EditRefusedException>(() => Run("a", new Edit("a", "x", "x", EditKinds.Color, null, "teal")));
        Assert.Contains("'teal'", colour.Message);
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_the_bank_is_part_of_the_cache_key()
    {
        Assert.Equal(Run("a", Background("snow")).Png, Run("a", Background("snow")).Png);
        var before = new CompositeEditor(dataset, bank).ConfigKey;
        Write("bank/snow/2.png", ImageBytes.Encode(8, 8, SKEncodedImageFormat.Png, c => c.Clear(SKColors.White)));
        Assert.NotEqual(before, new CompositeEditor(dataset, BackgroundBank.Load(Path.Combine(root, "bank"))).ConfigKey);
        Assert.NotEqual(before, new CompositeEditor(dataset, bank, new CompositeOptions(Seed: 2)).ConfigKey);
    }
}
