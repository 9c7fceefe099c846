using System.IO.Compression;
using System.Text.Json;
using Counterforge.Core.Runs;
using Counterforge.Diffusion.Tokenizer;
using Counterforge.Scenes;
using SkiaSharp;

namespace Counterforge.SceneModels;

/// <summary>What the training script reads (training_set.json beside the arrays).</summary>
public sealed record TrainingSetInfo(int Count, int ImageSize, int SequenceLength, int VocabularySize, int[] EmptyCaptionIds,
                                     IReadOnlyList<string> Kinds, IReadOnlyDictionary<string, IReadOnlyList<string>> Words, int Seed);

/// <summary>
/// Renders the miniature model's training set with the scenes renderer: scenes drawn uniformly over every attribute
/// (no shortcut: the generator must be able to draw any combination), their captions tokenized with the model set's
/// tokenizer, and each scene's attribute labels for the oracle. Written as flat arrays a script reads without an image
/// library: images.u8.gz (N × H × W × 3 RGB bytes, gzip), input_ids.i32 (N × 77 little-endian int32), labels.u8
/// (N × kinds), captions.txt, training_set.json. The same seed writes the same bytes.
/// </summary>
public static class TrainingSetWriter
{
    public const string InfoFile = "training_set.json";

    public static TrainingSetInfo Write(string directory, string tokenizerDirectory, int count, int imageSize, int seed,
                                        IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "at least one image");
        var tokenizer = ClipTokenizer.Load(tokenizerDirectory);
        Directory.CreateDirectory(directory);
        var specs = Enumerable.Range(0, count).Select(i => Draw(seed, i)).ToArray();
        int pixels = imageSize * imageSize * 3;
        var images = new byte[(long)count * pixels];
        int done = 0;
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            using var bitmap = SceneRenderer.Render(specs[i].Spec, specs[i].RenderSeed, imageSize);
            CopyRgb(bitmap, images.AsSpan((int)((long)i * pixels), pixels));
            progress?.Report(Interlocked.Increment(ref done));
        });

        var ids = new int[count * tokenizer.Length];
        for (int i = 0; i < count; i++) tokenizer.Encode(specs[i].Spec.ToString(), ids.AsSpan(i * tokenizer.Length, tokenizer.Length));
        var labels = specs.SelectMany(s => SceneAttributes.Labels(s.Spec)).ToArray();

        using (var file = File.Create(Path.Combine(directory, "images.u8.gz")))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal)) gzip.Write(images);
        File.WriteAllBytes(Path.Combine(directory, "input_ids.i32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(ids.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(directory, "labels.u8"), labels);
        File.WriteAllLines(Path.Combine(directory, "captions.txt"), specs.Select(s => s.Spec.ToString()));
        var info = new TrainingSetInfo(count, imageSize, tokenizer.Length, VocabularySize(tokenizerDirectory), tokenizer.Encode(""),
            SceneAttributes.Kinds, SceneAttributes.Kinds.ToDictionary(k => k, SceneAttributes.Words), seed);
        AtomicFile.WriteAllText(Path.Combine(directory, InfoFile), JsonSerializer.Serialize(info, Json.Indented) + "\n");
        return info;
    }

    /// <summary>Scene i of the set: every attribute uniform, its own render seed.</summary>
    internal static (SceneSpec Spec, int RenderSeed) Draw(int seed, int index)
    {
        var random = new Random(StableHash.Seed("scenes-sd-training", seed, index));
        string Pick(string kind) => SceneGrammar.Values(kind)[random.Next(SceneGrammar.Values(kind).Count)];
        var spec = SceneGrammar.Spec(Pick(SceneKinds.Subject), Pick(SceneKinds.Size), Pick(SceneKinds.Color),
            Pick(SceneKinds.Background), Pick(SceneKinds.Weather), Pick(SceneKinds.Time));
        return (spec, random.Next());
    }

    private static void CopyRgb(SKBitmap bitmap, Span<byte> rgb)
    {
        var rgba = bitmap.GetPixelSpan();
        int width = bitmap.Width;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < width; x++)
                rgba.Slice(y * bitmap.RowBytes + 4 * x, 3).CopyTo(rgb.Slice(3 * (y * width + x), 3));
    }

    private static int VocabularySize(string tokenizerDirectory)
    {
        using var vocabulary = JsonDocument.Parse(File.ReadAllText(Path.Combine(tokenizerDirectory, "vocab.json")));
        return vocabulary.RootElement.EnumerateObject().Max(e => e.Value.GetInt32()) + 1;
    }
}
