using Counterforge.Core.Data;
using Counterforge.Core.Runs;
using Counterforge.Data;

namespace Counterforge.Options;

/// <summary>
/// Which results a run folder already holds, each named the way a user finds it. A setting that one of them was made
/// with is fixed; every other setting can still change (a mistyped option is corrected, a forgotten one added).
/// </summary>
internal sealed class RunResults(RunFolder run, CounterforgeOptions? recorded)
{
    public string? Index => Existing(Path.Combine(run.Root, DatasetIndex.SamplesFile)) ?? Existing(Path.Combine(run.DataDirectory, Dataset.ManifestFile));

    public string? BaselineOf(int model) =>
        recorded is null || model >= recorded.Models.Count ? null : Existing(run.Model($"{recorded.Models[model].Tag}-baseline")) ?? StressOf(model);

    public string? Captions => NonEmpty(run.CaptionsFile);

    public string? Edits => ShardedLog.Files(run.EditsFile).FirstOrDefault();

    public string? Counterfactuals => NonEmpty(run.CounterfactualsFile);

    public string? StressOf(int model) =>
        recorded is null || model >= recorded.Models.Count ? null : Existing(run.Stress(recorded.Models[model].Tag, Splits.Val));

    public string? AnyStress => recorded is null ? null : Enumerable.Range(0, recorded.Models.Count).Select(StressOf).FirstOrDefault(s => s is not null);

    public string? Reinforced => Directory.Exists(run.ReinforcementDirectory) && Directory.EnumerateFiles(run.ReinforcementDirectory, "*.json").Any()
        ? run.ReinforcementDirectory : null;

    /// <summary>The first of the given results that exists: what a setting used by all of them was fixed by.</summary>
    public static string? First(params string?[] results) => results.FirstOrDefault(r => r is not null);

    private static string? Existing(string path) => File.Exists(path) ? path : null;

    /// <summary>The first file of a log (its own or a shard's) that holds anything.</summary>
    private static string? NonEmpty(string log) => ShardedLog.Files(log).FirstOrDefault(f => new FileInfo(f).Length > 0);
}
