using Counterforge.Core.Runs;

namespace Counterforge.Core.Data;

/// <summary>A set of samples under one root folder, described by <c>manifest.jsonl</c> (one <see cref="Sample"/> per line).</summary>
public sealed class Dataset
{
    public const string ManifestFile = "manifest.jsonl";
    public const string ClassesFile = "classes.txt";

    /// <param name="maskRoot">The folder that samples' <see cref="Sample.MaskPath"/> are relative to; null means <paramref name="root"/>.</param>
    public Dataset(string root, IReadOnlyList<string> classes, IReadOnlyList<Sample> samples, string? maskRoot = null)
    {
        Root = Path.GetFullPath(root);
        MaskRoot = Path.GetFullPath(maskRoot ?? root);
        Classes = classes;
        Samples = samples;
        var duplicate = samples.GroupBy(s => s.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"{Path.Combine(Root, ManifestFile)}: sample id '{duplicate.Key}' appears more than once.");
        var unknown = samples.FirstOrDefault(s => !classes.Contains(s.Label));
        if (unknown is not null) throw new InvalidDataException($"{Path.Combine(Root, ManifestFile)}: sample '{unknown.Id}' has label '{unknown.Label}', which is not in {ClassesFile}.");
        foreach (var sample in samples)
        {
            PathGuard.Resolve(Root, sample.ImagePath, $"sample '{sample.Id}' field image_path");
            if (sample.MaskPath is not null) MaskFullPath(sample);
        }
        var leaked = samples.GroupBy(s => s.ImagePath).FirstOrDefault(g => g.Select(s => s.Split).Distinct().Count() > 1);
        if (leaked is not null) throw new InvalidDataException($"{Path.Combine(Root, ManifestFile)}: image '{leaked.Key}' is in more than one split ({string.Join(", ", leaked.Select(s => s.Split).Distinct())}).");
    }

    public string Root { get; }

    /// <summary>Where mask paths are resolved; the dataset root unless masks live in a parallel folder.</summary>
    public string MaskRoot { get; }
    public IReadOnlyList<string> Classes { get; }
    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>The same root and classes with other samples (captions filled in, say).</summary>
    public Dataset WithSamples(IReadOnlyList<Sample> samples) => new(Root, Classes, samples, MaskRoot);

    public IEnumerable<Sample> InSplit(string split) => Samples.Where(s => s.Split == split);

    public int LabelIndex(Sample sample) => IndexOf(Classes, sample.Label);

    public string FullPath(Sample sample) => PathGuard.Resolve(Root, sample.ImagePath, $"sample '{sample.Id}' field image_path");

    /// <summary>The absolute path of the sample's mask, or null when it has none.</summary>
    public string? MaskFullPath(Sample sample) =>
        sample.MaskPath is null ? null : PathGuard.Resolve(MaskRoot, sample.MaskPath, $"sample '{sample.Id}' field mask_path");

    public void Save()
    {
        AtomicFile.WriteAllLines(Path.Combine(Root, ClassesFile), Classes);
        JsonlFile.WriteAll(Path.Combine(Root, ManifestFile), Samples);
    }

    /// <summary>
    /// Whether <paramref name="root"/> holds a dataset in this format: classes.txt, and a manifest.jsonl whose first record is a
    /// <see cref="Sample"/> (it has <c>image_path</c>). A user's manifest.jsonl (<c>path</c>, <c>label</c>, ...) is not one.
    /// </summary>
    public static bool Exists(string root)
    {
        var manifest = Path.Combine(root, ManifestFile);
        if (!File.Exists(manifest) || !File.Exists(Path.Combine(root, ClassesFile))) return false;
        var first = File.ReadLines(manifest).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
        if (first is null) return false;
        try
        {
            using var record = System.Text.Json.JsonDocument.Parse(first);
            return record.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && record.RootElement.TryGetProperty("image_path", out _);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    public static Dataset Load(string root)
    {
        var classesPath = Path.Combine(root, ClassesFile);
        if (!File.Exists(classesPath)) throw new FileNotFoundException($"{classesPath} is missing: a dataset folder needs one class name per line.");
        var classes = File.ReadAllLines(classesPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return new Dataset(root, classes, JsonlFile.ReadAll<Sample>(Path.Combine(root, ManifestFile)));
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        throw new KeyNotFoundException($"'{value}' is not a class of this dataset.");
    }
}
