using Counterforge.Imaging;
using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Language;
using Counterforge.Scenes;
using Counterforge.Vision.Editing;
using Counterforge.Vision.Images;
using SkiaSharp;

namespace Counterforge.Vision.Tests;

/// <summary>
/// The real-image path at library level: an ImageFolder of scenes renders saved as JPEG, masks rendered from the scenes'
/// subjects, a bank of scenes backgrounds; it loads, its templated captions get bank-word edits, and the composite editor
/// makes counterfactuals whose pixels outside the mask are the bank image's and inside are the source's.
/// </summary>
public sealed class RealImagesEndToEndTests : IDisposable
{
    private const int Size = 64;
    private readonly string root = Directory.CreateTempSubdirectory("cf-real-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static byte[] Jpeg(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 92);
        return data.ToArray();
    }

    [Fact]
    public void A_folder_of_jpegs_with_masks_and_a_bank_gives_composites_from_bank_outside_and_source_inside()
    {
        var coverage = new Dictionary<string, byte[]>();
        foreach (var subject in new[] { "star", "heart" })
            for (int i = 0; i < 3; i++)
            {
                var caption = SceneGrammar.Format(SceneGrammar.Spec(subject, "large", i == 0 ? "red" : "blue", "grass", "clear", "day"));
                Write($"data/{subject}/{i}.jpg", Jpeg(SceneRenderer.RenderPng(caption, seed: 10 + i, Size)));
                var mask = SceneRenderer.RenderSubjectMaskPng(caption, seed: 10 + i, Size);
                Write($"masks/{subject}/{i}.png", mask);
                using var decodedMask = SKBitmap.Decode(mask);
                coverage[$"{subject}/{i}"] = Enumerable.Range(0, Size * Size).Select(p => decodedMask.GetPixel(p % Size, p / Size).Red).ToArray();
            }
        foreach (var (word, folder) in new[] { ("snow", "snow"), ("sand", "sand"), ("night sky", "night_sky") })
            for (int k = 0; k < 2; k++)
                Write($"bank/{folder}/{k}.jpg", Jpeg(SceneRenderer.RenderBackgroundPng(word, seed: k, Size)));

        var loaded = ImageFolderDataset.Load(Path.Combine(root, "data"),
            new DatasetLoadOptions { MaskRoot = Path.Combine(root, "masks"), Seed = 1, VerifyImage = p => ImageFile.Verify(p) });
        Assert.Empty(loaded.Problems);
        var data = loaded.Dataset;
        Assert.Equal(["heart", "star"], data.Classes);
        Assert.All(data.Samples, s => Assert.True(s.CaptionTemplated && s.MaskPath is not null));

        var bank = BackgroundBank.Load(Path.Combine(root, "bank"));
        Assert.Equal(["night sky", "sand", "snow"], bank.Words);
        var perturber = new LexiconPerturber(CompositeLexicon.Create(bank.Words), additions: AddEdits.Lance);
        var editor = new CompositeEditor(data, bank, new CompositeOptions(Seed: 3));
        int checkedPixels = 0;
        foreach (var sample in data.Samples)
        {
            var edits = perturber.Perturb(sample, sample.Caption!, sample.Label);
            Assert.Contains(edits, e => e.Edited == $"a photo of a {sample.Label} on snow");
            Assert.Contains(edits, e => e.Edited == $"a photo of a red {sample.Label}");
            using var source = ImageFile.Read(data.FullPath(sample));
            var mask = coverage[sample.Id];
            foreach (var edit in edits.Where(e => e.Kind == EditKinds.Background))
            {
                var made = editor.Generate(sample, data.FullPath(sample), edit);
                using var result = SKBitmap.Decode(made.Png);
                using var fill = ImageFile.Read(bank.Pick(edit.To!, 3, edit.Id));
                for (int y = 0; y < Size; y++)
                    for (int x = 0; x < Size; x++)
                    {
                        var expected = Uniform(mask, x, y, 0) ? fill.GetPixel(x, y) : Uniform(mask, x, y, 255) ? source.GetPixel(x, y) : (SKColor?)null;
                        if (expected is not { } e) continue;
                        var actual = result.GetPixel(x, y);
                        Assert.True(Math.Abs(actual.Red - e.Red) <= 1 && Math.Abs(actual.Green - e.Green) <= 1 && Math.Abs(actual.Blue - e.Blue) <= 1,
                            $"{edit.Id} at ({x},{y}): {actual}, expected {e}");
                        checkedPixels++;
                    }
            }
        }
        Assert.True(checkedPixels > 6 * 3 * Size * Size / 2, $"only {checkedPixels} pixels were far enough from the mask edge to check");
    }

    /// <summary>The mask has this value over the whole neighbourhood the feathering reaches (σ = 1 at 64 px, radius 3).</summary>
    private static bool Uniform(byte[] mask, int x, int y, byte value)
    {
        for (int dy = -3; dy <= 3; dy++)
            for (int dx = -3; dx <= 3; dx++)
                if (mask[Math.Clamp(y + dy, 0, Size - 1) * Size + Math.Clamp(x + dx, 0, Size - 1)] != value) return false;
        return true;
    }
}
