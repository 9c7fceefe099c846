using Counterforge.Core.Runs;

namespace Counterforge.Cli.Stages;

/// <summary>
/// Which results a run folder already holds, each named the way a user finds it. A setting that one of them was made
/// with is fixed; every other setting can still change (a mistyped option is corrected, a forgotten one added).
/// </summary>
internal sealed class RunResults(RunFolder run, RunSpec? recorded)
{
    private string? Tag => recorded?.Model?.Tag;

    public string? Index => Existing(Path.Combine(run.Root, "samples.jsonl"));

    public string? Baseline => Tag is null ? null : Existing(run.Model($"{Tag}-baseline")) ?? Stress;

    public string? Captions => NonEmpty(run.CaptionsFile);

    public string? Edits => Existing(run.EditsFile);

    public string? Counterfactuals => NonEmpty(run.CounterfactualsFile);

    public string? Stress => Tag is null ? null : Existing(run.Stress(Tag, Core.Data.Splits.Val));

    public string? Reinforced => Directory.Exists(run.ReinforcementDirectory) && Directory.EnumerateFiles(run.ReinforcementDirectory, "*.json").Any()
        ? run.ReinforcementDirectory : null;

    /// <summary>The first of the given results that exists: what a setting used by all of them was fixed by.</summary>
    public static string? First(params string?[] results) => results.FirstOrDefault(r => r is not null);

    private static string? Existing(string path) => File.Exists(path) ? path : null;

    private static string? NonEmpty(string path) => File.Exists(path) && new FileInfo(path).Length > 0 ? path : null;
}
