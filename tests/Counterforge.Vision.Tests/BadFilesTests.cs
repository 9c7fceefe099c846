using Counterforge.Imaging;
using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;
using Counterforge.Language;
using Counterforge.Vision.Editing;
using Counterforge.Vision.Images;
using SkiaSharp;

namespace Counterforge.Vision.Tests;

/// <summary>A manifest over a folder holding every kind of bad file the issue names: each is reported naming its file, the rest loads and is edited.</summary>
public sealed class BadFilesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cf-bad-files-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Photo(int width, int height, SKColor subject, SKEncodedImageFormat format = SKEncodedImageFormat.Jpeg) =>
        ImageBytes.Encode(width, height, format, canvas =>
        {
            canvas.Clear(new SKColor(90, 110, 90));
            using var paint = new SKPaint { Color = subject, IsAntialias = true };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        });

    private static byte[] Mask(int width, int height) => ImageBytes.Encode(width, height, SKEncodedImageFormat.Png, canvas =>
    {
        canvas.Clear(SKColors.Black);
        using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
    });

    [Fact]
    public async Task Every_bad_file_is_reported_by_name_and_the_rest_loads_and_is_edited()
    {
        var good = Photo(48, 48, SKColors.Orange);
        Write("img/good1.jpg", good);
        Write("img/good2.png", Photo(48, 48, SKColors.Purple, SKEncodedImageFormat.Png));
        Write("img/cmyk.jpg", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cmyk.jpg")));
        Write("img/deep.png", ImageBytes.Png16(24, 24, (x, y) => ((ushort)(x * 2700), (ushort)(y * 2700), 40000)));
        Write("img/nomask.jpg", good);
        var truncated = Write("img/truncated.jpg", good[..(good.Length / 2)]);
        var empty = Write("img/empty.jpg", []);
        var text = Write("img/text.jpg", "<html>not a picture</html>\n"u8.ToArray());
        var huge = Write("img/huge.png", ImageBytes.PngHeaderOnly(60_000, 40_000));
        Write("img/horse.jpg", good);
        Write("img/dup.jpg", good);
        Write("img/badmask.jpg", good);
        Write("../outside.jpg", good);
        foreach (var (name, w, h) in new[] { ("good1", 48, 48), ("good2", 48, 48), ("cmyk", 16, 8), ("deep", 24, 24), ("dup", 48, 48) })
            Write($"masks/{name}.png", Mask(w, h));
        var textMask = Write("masks/badmask.png", "white = subject"u8.ToArray());
        File.WriteAllLines(Path.Combine(root, Dataset.ClassesFile), ["ball", "disc"]);
        var manifest = Path.Combine(root, "manifest.csv");
        File.WriteAllText(manifest, string.Join("\n",
            "path,label,split,mask,id",
            "img/good1.jpg,ball,test,masks/good1.png,",          // 2
            "img/good2.png,disc,test,masks/good2.png,",          // 3
            "img/cmyk.jpg,ball,test,masks/cmyk.png,",            // 4  CMYK JPEG: decoded
            "img/deep.png,disc,test,masks/deep.png,",            // 5  16-bit PNG: decoded
            "img/nomask.jpg,ball,test,masks/nomask.png,",        // 6  missing mask
            "img/truncated.jpg,ball,test,,",                     // 7  truncated JPEG
            "img/empty.jpg,ball,test,,",                         // 8  zero bytes
            "img/text.jpg,ball,test,,",                          // 9  text named .jpg
            "img/huge.png,ball,test,,",                          // 10 huge dimensions
            "img/horse.jpg,horse,test,,",                        // 11 unknown class
            "../outside.jpg,ball,test,,",                        // 12 path escaping the root
            "img/dup.jpg,ball,test,masks/dup.png,same",          // 13 duplicate ids
            "img/good1.jpg,ball,test,,same",                     // 14 the same file as line 2
            "img/missing.jpg,ball,test,,",                       // 15 file not there
            "img/badmask.jpg,disc,test,masks/badmask.png,",      // 16 mask is not an image
            "img/\"quoted\".jpg,ball,test,,") + "\n");           // 17 malformed CSV

        var loaded = ManifestDataset.Load(manifest, new DatasetLoadOptions { VerifyImage = p => ImageFile.Verify(p) });
        string ProblemAt(int line) => Assert.Single(loaded.Problems, p => p.File.StartsWith($"{manifest}:{line} ") || p.File == $"{manifest}:{line}").Reason;
        string ProblemOf(string file) => Assert.Single(loaded.Problems, p => p.File == file).Reason;

        Assert.Contains("does not exist", ProblemOf(Path.Combine(root, "masks", "nomask.png")));
        Assert.Contains("truncated", ProblemAt(7));
        Assert.Contains(truncated, ProblemAt(7));
        Assert.Contains($"{empty}: the file is empty", ProblemAt(8));
        Assert.Contains($"{text}: text, not an image", ProblemAt(9));
        Assert.Contains($"{huge}: 60000x40000", ProblemAt(10));
        Assert.Contains("'horse' is not a class", ProblemAt(11));
        Assert.Contains("escapes its root", ProblemAt(12));
        Assert.Contains($"the same file as {manifest}:2", ProblemAt(14));
        Assert.Contains("does not exist", ProblemAt(15));
        Assert.Contains($"{textMask}: text, not an image", ProblemOf(textMask));
        Assert.Contains("quote", ProblemAt(17));
        Assert.Equal(11, loaded.Problems.Count);
        Assert.Equal(["img/good1", "img/good2", "img/cmyk", "img/deep", "img/nomask", "same", "img/badmask"], loaded.Dataset.Samples.Select(s => s.Id));

        // What loaded is edited: images with a mask are composited, the two without are refused with the reason, nothing stops.
        Write("bank/snow/1.png", ImageBytes.Encode(64, 64, SKEncodedImageFormat.Png, c => c.Clear(new SKColor(235, 240, 250))));
        var bank = BackgroundBank.Load(Path.Combine(root, "bank"));
        var perturber = new LexiconPerturber(CompositeLexicon.Create(bank.Words), additions: AddEdits.Lance);
        var edits = loaded.Dataset.Samples.SelectMany(s => perturber.Perturb(s, s.Caption!, s.Label).Where(e => e.Kind == EditKinds.Background)).ToList();
        var run = new RunFolder(Path.Combine(root, "run"));
        var made = await new GenerationStage(run, loaded.Dataset, new CompositeEditor(loaded.Dataset, bank), new AcceptAllFilter(), StageProgress.Silent)
            .GenerateAsync(edits, "generate");
        Assert.Equal(["img/good1", "img/good2", "img/cmyk", "img/deep", "same"], made.Where(c => c.Accepted).Select(c => c.SourceId));
        Assert.All(made.Where(c => c.Accepted), c => Assert.True(File.Exists(run.Resolve(c.ImagePath)) && File.Exists(run.Resolve(c.MaskPath!))));
        var refused = made.Where(c => !c.Accepted).ToList();
        Assert.Equal(["img/nomask", "img/badmask"], refused.Select(c => c.SourceId));
        Assert.All(refused, c => Assert.Contains("refused by composite", c.RejectReason));
        Assert.Contains(Path.Combine(root, "img", "nomask.jpg"), refused[0].RejectReason);
        using var cmyk = ImageFile.Read(run.Resolve(made.Single(c => c.SourceId == "img/cmyk").ImagePath));
        Assert.Equal((16, 8), (cmyk.Width, cmyk.Height));
    }
}

public sealed class ImageDatasetsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cf-datasets-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void A_folder_loads_as_an_image_folder_with_every_image_decoded_once_to_check_it()
    {
        Directory.CreateDirectory(Path.Combine(root, "cat"));
        File.WriteAllBytes(Path.Combine(root, "cat", "ok.png"), ImageBytes.Halves(8, 8, SKColors.Red, SKColors.Blue, SKEncodedImageFormat.Png));
        File.WriteAllBytes(Path.Combine(root, "cat", "bad.png"), []);
        var loaded = Counterforge.Vision.Data.ImageDatasets.Load(root);
        Assert.Equal(["cat/ok"], loaded.Dataset.Samples.Select(s => s.Id));
        Assert.Equal(Path.Combine(root, "cat", "bad.png"), Assert.Single(loaded.Problems).File);
        File.WriteAllText(Path.Combine(root, "list.csv"), "path,label\ncat/ok.png,cat\n");
        Assert.Equal(["cat/ok"], Counterforge.Vision.Data.ImageDatasets.Load(Path.Combine(root, "list.csv")).Dataset.Samples.Select(s => s.Id));
        Assert.Throws<FileNotFoundException>(() => Counterforge.Vision.Data.ImageDatasets.Load(Path.Combine(root, "nothing")));
    }
}
