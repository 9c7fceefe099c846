using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Diffusion.Pipeline;
using Counterforge.Diffusion.Tests.Models;
using SkiaSharp;

namespace Counterforge.Diffusion.Tests.Editors;

/// <summary>A stand-in model set written to a temp folder and opened by the real loading code, plus test images.</summary>
internal sealed class StandInModel : IDisposable
{
    public const string SourceCaption = "a photo of a cat on grass";
    public const string EditedCaption = "a photo of a cat on snow";

    public StandInModel(StandInModelSet set)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("cf-sd-").FullName;
        set.WriteTo(Directory);
        Model = StableDiffusion.Load(Directory);
    }

    public string Directory { get; }
    public StableDiffusion Model { get; }

    public static Sample Sample(string path) => new("img-1", Path.GetFileName(path), "cat", "test");

    public static Edit BackgroundEdit => new("img-1", SourceCaption, EditedCaption, "background", "grass", "snow");

    public static Edit NullEdit => Edit.Null("img-1", SourceCaption);

    /// <summary>A PNG of 8×8 single-colour blocks (random colours from the seed, or the given block's colour), which the block VAE reproduces exactly.</summary>
    public string WriteBlockImage(int width, int height, int seed = 7, string name = "source.png", Func<int, int, SKColor?>? blockColour = null)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (int by = 0; by < height; by += 8)
            for (int bx = 0; bx < width; bx += 8)
            {
                var colour = new SKColor((byte)random.Next(30, 226), (byte)random.Next(30, 226), (byte)random.Next(30, 226));
                colour = blockColour?.Invoke(by / 8, bx / 8) ?? colour;
                for (int y = by; y < Math.Min(by + 8, height); y++)
                    for (int x = bx; x < Math.Min(bx + 8, width); x++) bitmap.SetPixel(x, y, colour);
            }
        string path = Path.Combine(Directory, name);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>RGB bytes of a PNG, [y, x, c].</summary>
    public static byte[,,] Pixels(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidDataException("not a PNG");
        var pixels = new byte[bitmap.Height, bitmap.Width, 3];
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                (pixels[y, x, 0], pixels[y, x, 1], pixels[y, x, 2]) = (c.Red, c.Green, c.Blue);
            }
        return pixels;
    }

    public static byte[,,] Pixels(string path) => Pixels(File.ReadAllBytes(path));

    /// <summary>
    /// The same image up to one level per channel: what an edit made in a batch must give against the same edit made alone.
    /// Where ONNX Runtime's kernels are batch-invariant (the shipped scenes model's on the CPU: the generation-batching
    /// benchmark checks its bytes) the two are identical; the stand-ins' ReduceMean over the text states is not, by float rounding.
    /// </summary>
    public static void AssertSameImage(byte[] expected, byte[] actual)
    {
        var (a, b) = (Pixels(expected), Pixels(actual));
        Assert.Equal((a.GetLength(0), a.GetLength(1)), (b.GetLength(0), b.GetLength(1)));
        int most = 0;
        for (int y = 0; y < a.GetLength(0); y++)
            for (int x = 0; x < a.GetLength(1); x++)
                for (int c = 0; c < 3; c++) most = Math.Max(most, Math.Abs(a[y, x, c] - b[y, x, c]));
        Assert.True(most <= 1, $"pixels differ by up to {most} levels");
    }

    public void Dispose()
    {
        Model.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
