using Counterforge.Core.Data;
using SkiaSharp;

namespace Counterforge.Bench;

/// <summary>
/// Dataset (b) of issue 18, built the way Waterbirds is: Fashion-MNIST items (Debian's dataset-fashion-mnist) cut out with
/// their own masks (the item is where the 28×28 image is not black) and pasted on crops of real photographs (Debian's
/// plasma-workspace-wallpapers). Each class has "its" photograph, on which it appears with probability
/// <see cref="Options.ShortcutProbability"/> in train, val, test and extra; test-balanced puts every class on every photograph
/// equally often. Written as Counterforge's own format (manifest.jsonl with a background attribute and a mask per image,
/// classes.txt), and a background bank BANK/&lt;word&gt;/*.jpg of other crops of the same photographs for the composite editor.
/// </summary>
internal static class FashionOnBackgrounds
{
    public const string Wallpapers = "/usr/share/wallpapers";

    /// <summary>Five Fashion-MNIST classes with distinct silhouettes (label index in the original 10) and the photograph each co-occurs with.</summary>
    public static readonly IReadOnlyList<(int Label, string Name, string Photo)> Classes =
    [
        (1, "trouser", "Autumn"), (5, "sandal", "BytheWater"), (7, "sneaker", "ColdRipple"), (8, "bag", "Path"), (9, "ankle_boot", "Kite"),
    ];

    /// <param name="TrainCount">Train images; val = ¼, test = ½, test-balanced = ½, extra = ¼ of it (as the scenes world).</param>
    public sealed record Options(string Output, int TrainCount = 1500, int ImageSize = 64, double ShortcutProbability = 0.95, int Seed = 1,
        int BankImagesPerPhoto = 8);

    public static Dataset Build(Options options)
    {
        if (options.ShortcutProbability is < 0 or > 1 || double.IsNaN(options.ShortcutProbability))
            throw new ArgumentOutOfRangeException(nameof(options), $"--shortcut must lie in 0..1 (1 / {Classes.Count} = no shortcut); got {options.ShortcutProbability}.");
        var items = FashionMnistFiles.Train();
        using var photos = new PhotoSet(Classes.Select(c => c.Photo).ToList());
        var random = new Random(options.Seed);
        var byClass = Classes.Select(c => items.Where(i => i.Label == c.Label).Select(i => i.Pixels).ToList()).ToList();
        foreach (var list in byClass) random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        var used = new int[Classes.Count];
        int n = options.TrainCount;
        var splits = new (string Split, int Count, bool Balanced)[]
        {
            (Splits.Train, n, false), (Splits.Val, n / 4, false), (Splits.Test, n / 2, false), (Splits.TestBalanced, n / 2, true), (Splits.Extra, n / 4, false),
        };
        var samples = new List<Sample>();
        foreach (var (split, count, balanced) in splits)
        {
            for (int i = 0; i < count; i++)
            {
                int c = i % Classes.Count;
                int photo = balanced ? i / Classes.Count % Classes.Count
                    : random.NextDouble() < options.ShortcutProbability ? c : (c + 1 + random.Next(Classes.Count - 1)) % Classes.Count;
                var item = byClass[c][used[c]++ % byClass[c].Count];
                string id = $"{split}-{i:D5}";
                string image = $"images/{split}/{id}.png", mask = $"masks/{split}/{id}.png";
                var (rgb, subject) = Composite(item, photos.Crop(photo, options.ImageSize, random), options.ImageSize);
                Write(Path.Combine(options.Output, image), rgb);
                Write(Path.Combine(options.Output, mask), subject);
                samples.Add(new Sample(id, image, Classes[c].Name, split, Seed: i,
                    Attributes: new Dictionary<string, string> { ["background"] = Word(Classes[photo].Photo) }, MaskPath: mask));
            }
        }
        // The bank's crops are drawn after the dataset's, from the same photographs: backgrounds the model saw in kind, never these pixels.
        for (int p = 0; p < Classes.Count; p++)
            for (int k = 0; k < options.BankImagesPerPhoto; k++)
                Write(Path.Combine(options.Output, "bank", Word(Classes[p].Photo).Replace(' ', '_'), $"{k}.jpg"), photos.Crop(p, options.ImageSize, random), SKEncodedImageFormat.Jpeg);
        var dataset = new Dataset(options.Output, Classes.Select(c => c.Name).ToList(), samples);
        dataset.Save();
        return dataset;
    }

    /// <summary>The background's word in captions and bank folders: "BytheWater" → "by the water".</summary>
    public static string Word(string photo) => photo switch
    {
        "BytheWater" => "by the water",
        "ColdRipple" => "cold ripple",
        _ => photo.ToLowerInvariant(),
    };

    /// <summary>The item, scaled to ¾ of the image and centred, over the background; its mask (white = item) at the same place.</summary>
    private static (SKBitmap Rgb, SKBitmap Mask) Composite(byte[] item, SKBitmap background, int size)
    {
        int side = size * 3 / 4, offset = (size - side) / 2;
        using var itemBitmap = new SKBitmap(28, 28, SKColorType.Gray8, SKAlphaType.Opaque);
        System.Runtime.InteropServices.Marshal.Copy(item, 0, itemBitmap.GetPixels(), item.Length);
        using var scaled = itemBitmap.Resize(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear));
        var mask = new SKBitmap(size, size, SKColorType.Gray8, SKAlphaType.Opaque);
        mask.Erase(SKColors.Black);
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
            {
                byte v = scaled.GetPixel(x, y).Red;
                // Fashion-MNIST items sit on pure black: anything visibly lit is the item. Its grey level is kept, lifted so a
                // dark item is not mistaken for a dark photograph.
                if (v <= 8) continue;
                byte shade = (byte)(64 + v * 191 / 255);
                background.SetPixel(x + offset, y + offset, new SKColor(shade, shade, shade));
                mask.SetPixel(x + offset, y + offset, SKColors.White);
            }
        return (background, mask);
    }

    internal static void Write(string path, SKBitmap bitmap, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (bitmap)
        using (var data = bitmap.Encode(format, 92))
            File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>The photographs, each decoded once (its 1280×1024 version), cropped at random places and scales.</summary>
    private sealed class PhotoSet : IDisposable
    {
        private readonly List<SKBitmap> _photos;

        public PhotoSet(IReadOnlyList<string> names) => _photos = names.Select(name =>
        {
            var path = Path.Combine(Wallpapers, name, "contents", "images", "1280x1024.jpg");
            DebianPackage.Ensure("plasma-workspace-wallpapers", path);
            return SKBitmap.Decode(path) ?? throw new FileNotFoundException($"{path} is missing: apt-get install -y plasma-workspace-wallpapers.", path);
        }).ToList();

        /// <summary>A square crop of a quarter to a half of the photograph's height, resized to size².</summary>
        public SKBitmap Crop(int photo, int size, Random random)
        {
            var source = _photos[photo];
            int side = (int)(source.Height * (0.25 + 0.25 * random.NextDouble()));
            int x = random.Next(source.Width - side), y = random.Next(source.Height - side);
            var crop = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
            using var canvas = new SKCanvas(crop);
            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, new SKRect(x, y, x + side, y + side), new SKRect(0, 0, size, size), new SKSamplingOptions(SKFilterMode.Linear), null);
            return crop;
        }

        public void Dispose()
        {
            foreach (var p in _photos) p.Dispose();
        }
    }
}
