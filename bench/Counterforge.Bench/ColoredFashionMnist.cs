using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Vision.Editing;
using SkiaSharp;

namespace Counterforge.Bench;

/// <summary>
/// Dataset (a) of issue 18: Colored Fashion-MNIST with the IRM-games protocol (Ahuja et al. 2020, built like Arjovsky et
/// al.'s Colored MNIST). Bags are dropped; the label is footwear (sandal, sneaker, ankle boot: "shoe") against the other
/// six classes ("garment"), flipped with probability <see cref="Options.LabelNoise"/>; the item is red when the noisy label
/// flipped with the environment's probability is footwear, else green. Train, val and extra mix two environments that flip
/// the colour with probability 0.1 and 0.2 (colour agrees with the label 85 % of the time, the shape only 75 %); test is
/// the reversed environment (0.9), from Fashion-MNIST's own test images; test-balanced flips with 0.5.
/// Unlike IRM-games (two channels, red or green only) the item is painted by the composite editor's own recolouring, so a
/// colour counterfactual of a red item is exactly the green item this builder would have made (see the bench's test).
/// Written as Counterforge's own format: manifest.jsonl with a caption ("a photo of a red shoe"), a mask and attributes
/// color, environment and item (the Fashion-MNIST class, so the flipped labels can be counted) per image, classes.txt.
/// </summary>
internal static class ColoredFashionMnist
{
    public const string Garment = "garment", Shoe = "shoe", Red = "red", Green = "green";

    private static readonly HashSet<int> Footwear = [5, 7, 9];

    /// <summary>Fashion-MNIST's class names by label, recorded per image (attribute <c>item</c>) so a flipped label can be told.</summary>
    private static readonly string[] Items = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"];
    private const int Bag = 8;

    /// <param name="TrainCount">Train images (half in each training environment); val and extra get ¼ of it, test ½, test-balanced ¼.</param>
    /// <param name="ImageSize">Side of the written images; Fashion-MNIST's own is 28.</param>
    public sealed record Options(string Output, int TrainCount = 4000, int ImageSize = 28, int Seed = 1,
        double LabelNoise = 0.25, double FirstColourFlip = 0.1, double SecondColourFlip = 0.2, double TestColourFlip = 0.9);

    public static Dataset Build(Options options)
    {
        var random = new Random(options.Seed);
        var trainItems = Shuffled(FashionMnistFiles.Train(), random);
        var testItems = Shuffled(FashionMnistFiles.Test(), random);
        int n = options.TrainCount, nextTrain = 0, nextTest = 0;
        var splits = new (string Split, int Count, bool FromTest, Func<int, double> ColourFlip)[]
        {
            (Splits.Train, n, false, i => i % 2 == 0 ? options.FirstColourFlip : options.SecondColourFlip),
            (Splits.Val, n / 4, false, i => i % 2 == 0 ? options.FirstColourFlip : options.SecondColourFlip),
            (Splits.Extra, n / 4, false, i => i % 2 == 0 ? options.FirstColourFlip : options.SecondColourFlip),
            (Splits.Test, n / 2, true, _ => options.TestColourFlip),
            (Splits.TestBalanced, n / 4, true, _ => 0.5),
        };
        var samples = new List<Sample>();
        foreach (var (split, count, fromTest, colourFlip) in splits)
        {
            if ((fromTest ? testItems.Count - nextTest : trainItems.Count - nextTrain) < count)
                throw new ArgumentException($"--train {n}: the {split} split needs {count} images and Fashion-MNIST has fewer left.");
            for (int i = 0; i < count; i++)
            {
                var (label, pixels) = fromTest ? testItems[nextTest++] : trainItems[nextTrain++];
                bool shoe = Footwear.Contains(label) ^ random.NextDouble() < options.LabelNoise;
                double flip = colourFlip(i);
                bool red = shoe ^ random.NextDouble() < flip;
                string id = $"{split}-{i:D5}", className = shoe ? Shoe : Garment, colour = red ? Red : Green;
                string image = $"images/{split}/{id}.png", mask = $"masks/{split}/{id}.png";
                var (grey, subject) = GreyItem(pixels, options.ImageSize);
                FashionOnBackgrounds.Write(Path.Combine(options.Output, image), grey);
                FashionOnBackgrounds.Write(Path.Combine(options.Output, mask), subject);
                samples.Add(new Sample(id, image, className, split, Caption: $"a photo of a {colour} {className}", Seed: i,
                    Attributes: new Dictionary<string, string>
                    {
                        ["color"] = colour,
                        ["item"] = Items[label],
                        ["environment"] = flip.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture),
                    },
                    MaskPath: mask));
            }
        }
        var dataset = new Dataset(options.Output, [Garment, Shoe], samples);
        Paint(dataset);
        dataset.Save();
        return dataset;
    }

    /// <summary>Each grey item painted in its colour by the composite editor, as a colour edit of its caption would paint it.</summary>
    private static void Paint(Dataset dataset)
    {
        var editor = new CompositeEditor(dataset, bank: null);
        foreach (var sample in dataset.Samples)
        {
            var path = dataset.FullPath(sample);
            var edit = new Edit(sample.Id, sample.Caption!, sample.Caption!, EditKinds.Color, null, sample.Attributes!["color"]);
            File.WriteAllBytes(path, editor.Generate(sample, path, edit).Png);
        }
    }

    private static List<(int Label, byte[] Pixels)> Shuffled(List<(int Label, byte[] Pixels)> items, Random random)
    {
        var kept = items.Where(i => i.Label != Bag).ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept));
        return kept;
    }

    /// <summary>The item in grey on black at size², and its mask (white where the item is visibly lit).</summary>
    private static (SKBitmap Grey, SKBitmap Mask) GreyItem(byte[] pixels, int size)
    {
        using var item = new SKBitmap(28, 28, SKColorType.Gray8, SKAlphaType.Opaque);
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, item.GetPixels(), pixels.Length);
        using var scaled = size == 28 ? item.Copy() : item.Resize(new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear));
        var grey = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var mask = new SKBitmap(size, size, SKColorType.Gray8, SKAlphaType.Opaque);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                byte v = scaled.GetPixel(x, y).Red;
                grey.SetPixel(x, y, new SKColor(v, v, v));
                mask.SetPixel(x, y, v > 8 ? SKColors.White : SKColors.Black);
            }
        return (grey, mask);
    }
}
