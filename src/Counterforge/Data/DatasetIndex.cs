using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;
using Counterforge.Options;
using Counterforge.Scenes;
using Counterforge.Vision;
using Counterforge.Vision.Data;

namespace Counterforge.Data;

/// <summary>
/// The run's own index of the dataset (dataset.json, samples.jsonl, classes.txt in the run folder): made once from the
/// dataset, then read by every stage, so images added to or removed from the folder later cannot shift the splits under
/// finished results. Files that cannot be used are listed in problems.txt, each with its reason, and left out. The scenes
/// world, when asked for, is rendered into the run folder first.
/// </summary>
internal static class DatasetIndex
{
    public const string SamplesFile = "samples.jsonl";

    private sealed record IndexInfo(string Root, string MaskRoot);

    /// <param name="mayCreate">False for a shard: it only reads the index (the verb that holds the whole folder makes it).</param>
    public static Dataset LoadOrCreate(RunFolder run, DataOptions options, int seed, StageProgress progress, CancellationToken cancel, bool mayCreate = true)
    {
        var infoPath = Path.Combine(run.Root, "dataset.json");
        var samplesPath = Path.Combine(run.Root, SamplesFile);
        var classesPath = Path.Combine(run.Root, "classes.txt");
        var source = new DataSource(run, options);
        if (File.Exists(infoPath) && File.Exists(samplesPath) && File.Exists(classesPath))
        {
            var info = Json.ReadFile<IndexInfo>(infoPath);
            return Usable(new Dataset(info.Root, ReadClasses(classesPath), JsonlFile.ReadAll<Sample>(samplesPath), info.MaskRoot), source);
        }

        if (!mayCreate)
            throw new InvalidOperationException($"{run.Root}: the dataset is not indexed yet (no {SamplesFile}); shards only read the index: "
                + $"run `counterforge train --out {run.Root}` first.");
        if (options.Scenes is { } world) Render(run, world, seed, progress, cancel);
        var (loaded, problems) = Load(options, source, seed);
        if (loaded.Samples.Count == 0)
            throw new InvalidDataException($"{source.Path}: no usable image ({problems.Count} problems{(problems.Count > 0 ? $", first: {problems[0]}" : "")}).");
        bool hadExtra = loaded.InSplit(Splits.Extra).Any();
        var data = loaded.WithSamples(ExtraPool.HoldOut(loaded.Samples, options.ExtraShare, seed));
        foreach (var problem in problems.Take(20)) progress.Info($"skipped {problem}");
        if (problems.Count > 20) progress.Info($"... and {problems.Count - 20} more, all in {Path.Combine(run.Root, "problems.txt")}");
        AtomicFile.WriteAllLines(Path.Combine(run.Root, "problems.txt"), problems.Select(p => p.ToString()));
        progress.Info($"Dataset {source.Path}: {data.Samples.Count} images, {data.Classes.Count} classes ("
            + string.Join(", ", Splits.All.Select(s => (s, n: data.InSplit(s).Count())).Where(x => x.n > 0).Select(x => $"{x.s} {x.n}"))
            + $"), {problems.Count} files skipped."
            + (hadExtra || !data.InSplit(Splits.Extra).Any() ? "" : $" The extra originals are {options.ExtraShare:P0} of train, held out (--extra-share): the baseline trains without them."));
        Usable(data, source);
        AtomicFile.WriteAllLines(classesPath, data.Classes);
        JsonlFile.WriteAll(samplesPath, data.Samples);
        Json.WriteFile(infoPath, new IndexInfo(data.Root, data.MaskRoot));
        return data;
    }

    private static void Render(RunFolder run, ScenesWorld world, int seed, StageProgress progress, CancellationToken cancel)
    {
        var scenes = new SceneDatasetOptions(run.DataDirectory, world.TrainCount)
        {
            ImageSize = world.ImageSize, Shortcut = world.Shortcut.Kind, ShortcutProbability = world.Shortcut.P, Seed = seed,
        };
        scenes.Validate();
        progress.Run("Rendering scenes", Splits.All.Sum(scenes.CountOf), p => SceneDatasetMaker.Make(scenes, p, cancel));
    }

    /// <summary>The method trains on train, chooses what to target on val and judges on test: a dataset without all three cannot be used.</summary>
    private static Dataset Usable(Dataset data, DataSource source)
    {
        foreach (var (split, purpose) in new[] { (Splits.Train, "the classifier and the reinforcement train on it"), (Splits.Val, "the method chooses what to target on it"), (Splits.Test, "every result is judged on it") })
            if (!data.InSplit(split).Any())
                throw new InvalidDataException($"{source.Path}: the {split} split is empty; {purpose} (add a {split}/ folder or a split column).");
        if (data.InSplit(Splits.Train).Select(s => s.Label).Distinct().Count() < 2)
            throw new InvalidDataException($"{source.Path}: the train split holds fewer than two classes; a classifier needs at least two.");
        return data;
    }

    private static (Dataset Data, IReadOnlyList<DatasetProblem> Problems) Load(DataOptions options, DataSource source, int seed)
    {
        var path = source.Path ?? throw new ArgumentException("No dataset: give a folder of images or a manifest (--data), or the scenes world.");
        if (Dataset.Exists(path))
        {
            if (options.Classes is not null) throw new ArgumentException($"--classes: {path} is a counterforge dataset whose classes.txt already fixes the class order.");
            if (options.Masks is not null) throw new ArgumentException($"--masks: {path} is a counterforge dataset whose manifest names each image's mask.");
            var own = ImageDatasets.LoadOwnFormat(path);
            return (own.Dataset, own.Problems);
        }
        var loaded = ImageDatasets.Load(path, new DatasetLoadOptions
        {
            MaskRoot = options.Masks,
            Seed = seed,
            Classes = options.Classes is null ? null : ClassNames.Read(options.Classes),
        });
        return (loaded.Dataset, loaded.Problems);
    }

    private static List<string> ReadClasses(string path) => File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
