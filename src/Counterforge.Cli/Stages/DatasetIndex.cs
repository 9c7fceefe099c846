using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;
using Counterforge.Vision;
using Counterforge.Vision.Data;

namespace Counterforge.Cli.Stages;

/// <summary>
/// The run's own index of the dataset (dataset.json, samples.jsonl, classes.txt in the run folder): made once from the
/// dataset, then read by every verb, so images added to or removed from the folder later cannot shift the splits under
/// finished results. Files that cannot be used are listed in problems.txt, each with its reason, and left out.
/// </summary>
internal static class DatasetIndex
{
    private sealed record IndexInfo(string Root, string MaskRoot);

    public static Dataset LoadOrCreate(RunFolder run, DataSpec spec, int seed, StageProgress progress)
    {
        var infoPath = Path.Combine(run.Root, "dataset.json");
        var samplesPath = Path.Combine(run.Root, "samples.jsonl");
        var classesPath = Path.Combine(run.Root, "classes.txt");
        if (File.Exists(infoPath) && File.Exists(samplesPath) && File.Exists(classesPath))
        {
            var info = Json.ReadFile<IndexInfo>(infoPath);
            return Usable(new Dataset(info.Root, ReadClasses(classesPath), JsonlFile.ReadAll<Sample>(samplesPath), info.MaskRoot), spec);
        }

        var (data, problems) = Load(spec, seed);
        if (data.Samples.Count == 0)
            throw new InvalidDataException($"--data {spec.Path}: no usable image ({problems.Count} problems{(problems.Count > 0 ? $", first: {problems[0]}" : "")}).");
        foreach (var problem in problems.Take(20)) progress.Info($"skipped {problem}");
        if (problems.Count > 20) progress.Info($"... and {problems.Count - 20} more, all in {Path.Combine(run.Root, "problems.txt")}");
        AtomicFile.WriteAllLines(Path.Combine(run.Root, "problems.txt"), problems.Select(p => p.ToString()));
        progress.Info($"Dataset {spec.Path}: {data.Samples.Count} images, {data.Classes.Count} classes ("
            + string.Join(", ", Splits.All.Select(s => (s, n: data.InSplit(s).Count())).Where(x => x.n > 0).Select(x => $"{x.s} {x.n}"))
            + $"), {problems.Count} files skipped.");
        Usable(data, spec);
        AtomicFile.WriteAllLines(classesPath, data.Classes);
        JsonlFile.WriteAll(samplesPath, data.Samples);
        Json.WriteFile(infoPath, new IndexInfo(data.Root, data.MaskRoot));
        return data;
    }

    /// <summary>The method trains on train, chooses what to target on val and judges on test: a dataset without all three cannot be used.</summary>
    private static Dataset Usable(Dataset data, DataSpec spec)
    {
        foreach (var (split, purpose) in new[] { (Splits.Train, "the classifier and the reinforcement train on it"), (Splits.Val, "the method chooses what to target on it"), (Splits.Test, "every result is judged on it") })
            if (!data.InSplit(split).Any())
                throw new InvalidDataException($"--data {spec.Path}: the {split} split is empty; {purpose} (add a {split}/ folder or a split column).");
        if (data.InSplit(Splits.Train).Select(s => s.Label).Distinct().Count() < 2)
            throw new InvalidDataException($"--data {spec.Path}: the train split holds fewer than two classes; a classifier needs at least two.");
        return data;
    }

    private static (Dataset Data, IReadOnlyList<DatasetProblem> Problems) Load(DataSpec spec, int seed)
    {
        if (Dataset.Exists(spec.Path))
        {
            if (spec.Classes is not null) throw new ArgumentException($"--classes: {spec.Path} is a counterforge dataset whose classes.txt already fixes the class order.");
            if (spec.Masks is not null) throw new ArgumentException($"--masks: {spec.Path} is a counterforge dataset whose manifest names each image's mask.");
            var own = ImageDatasets.LoadOwnFormat(spec.Path);
            return (own.Dataset, own.Problems);
        }
        var loaded = ImageDatasets.Load(spec.Path, new DatasetLoadOptions
        {
            MaskRoot = spec.Masks,
            Seed = seed,
            Classes = spec.Classes is null ? null : ClassNames.Read(spec.Classes),
        });
        return (loaded.Dataset, loaded.Problems);
    }

    private static List<string> ReadClasses(string path) => File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
