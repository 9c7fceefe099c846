using System.Text;
using Counterforge.Core.Data;
using Counterforge.Core.Runs;

namespace Counterforge.Scenes;

/// <summary>What one run of the maker did.</summary>
public sealed record SceneDatasetResult(Dataset Dataset, int Written, int Unchanged);

/// <summary>
/// Writes a scenes dataset: PNGs under images/{split}/, the Core manifest and classes, and scenes.json. Resumable and
/// idempotent: an image whose file already holds the right bytes is left alone, and so are the metadata files.
/// </summary>
public static class SceneDatasetMaker
{
    public const string InfoFile = "scenes.json";

    /// <param name="progress">Receives the number of images done so far (out of the sum of all split sizes).</param>
    public static SceneDatasetResult Make(SceneDatasetOptions options, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var root = Path.GetFullPath(options.OutputDirectory);
        var samples = Plan(options);
        int done = 0, written = 0;
        // Each image depends only on its own sample, so parallel order cannot change any output.
        Parallel.For(0, samples.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            var sample = samples[i];
            var png = SceneRenderer.RenderPng(sample.Caption!, sample.Seed, options.ImageSize);
            var path = PathGuard.Resolve(root, sample.ImagePath, $"sample '{sample.Id}'");
            if (!SameBytes(path, png))
            {
                AtomicFile.WriteAllBytes(path, png);
                Interlocked.Increment(ref written);
            }
            progress?.Report(Interlocked.Increment(ref done));
        });

        var dataset = new Dataset(root, SceneGrammar.Classes, samples);
        SaveIfChanged(dataset);
        WriteIfChanged(Path.Combine(root, InfoFile), Json.Serialize(SceneDatasetInfo.From(options), indented: true) + "\n");
        return new SceneDatasetResult(dataset, written, samples.Count - written);
    }

    /// <summary>The samples the options describe, in split order then index order; no image is rendered.</summary>
    public static IReadOnlyList<Sample> Plan(SceneDatasetOptions options)
    {
        options.Validate();
        var samples = new List<Sample>();
        foreach (var split in Splits.All)
            for (int index = 0; index < options.CountOf(split); index++)
            {
                var spec = SceneSampler.Draw(options, split, index);
                var id = $"{split}-{index:D5}";
                samples.Add(new Sample(id, $"images/{split}/{id}.png", spec.Subject, split, SceneGrammar.Format(spec),
                    SceneSampler.RenderSeed(options, split, index), spec.Attributes()));
            }
        return samples;
    }

    private static bool SameBytes(string path, byte[] expected)
    {
        var info = new FileInfo(path);
        return info.Exists && info.Length == expected.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(expected);
    }

    /// <summary>Dataset.Save always rewrites; compare with what it would write first, so a re-run touches nothing.</summary>
    private static void SaveIfChanged(Dataset dataset)
    {
        var manifest = string.Concat(dataset.Samples.Select(s => Json.Serialize(s) + "\n"));
        var classes = string.Concat(dataset.Classes.Select(c => c + "\n"));
        if (SameText(Path.Combine(dataset.Root, Dataset.ManifestFile), manifest) && SameText(Path.Combine(dataset.Root, Dataset.ClassesFile), classes))
            return;
        dataset.Save();
    }

    private static void WriteIfChanged(string path, string text)
    {
        if (!SameText(path, text)) AtomicFile.WriteAllText(path, text);
    }

    private static bool SameText(string path, string text) => SameBytes(path, Encoding.UTF8.GetBytes(text));
}
