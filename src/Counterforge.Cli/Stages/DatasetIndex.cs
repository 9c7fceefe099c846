using Counterforge.Core.Data;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Cli.Stages;

/// <summary>
/// The run's own index of the dataset (samples.jsonl, classes.txt in the run folder): made once from the dataset folder,
/// then read by every verb, so images added to or removed from the folder later cannot shift the splits under finished results.
/// </summary>
internal static class DatasetIndex
{
    public static Dataset LoadOrCreate(RunFolder run, DataSpec spec, int seed, StageProgress progress)
    {
        var samplesPath = Path.Combine(run.Root, "samples.jsonl");
        var classesPath = Path.Combine(run.Root, "classes.txt");
        if (File.Exists(samplesPath) && File.Exists(classesPath))
            return new Dataset(spec.Path, ReadClasses(classesPath), JsonlFile.ReadAll<Sample>(samplesPath));

        if (!Directory.Exists(spec.Path)) throw new DirectoryNotFoundException($"--data {spec.Path}: no such folder.");
        var data = Dataset.Exists(spec.Path) ? Dataset.Load(spec.Path) : throw new InvalidDataException($"--data {spec.Path}: no manifest.jsonl and classes.txt.");
        AtomicFile.WriteAllLines(classesPath, data.Classes);
        JsonlFile.WriteAll(samplesPath, data.Samples);
        progress.Info($"Dataset {spec.Path}: {data.Samples.Count} images, {data.Classes.Count} classes ({string.Join(", ", Splits.All.Select(s => $"{s} {data.InSplit(s).Count()}"))}).");
        return data;
    }

    private static List<string> ReadClasses(string path) => File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
