using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// A stage read what a sharded stage wrote and found items missing: the shards they fall in did not run, or stopped before
/// their end. The message names each shard and the command that (re)runs it; running it again resumes it.
/// </summary>
public sealed class MissingShardsException(string stage, string runRoot, string what, ShardGaps gaps)
    : InvalidOperationException(Describe(stage, runRoot, what, gaps))
{
    public string Stage { get; } = stage;

    public ShardGaps Gaps { get; } = gaps;

    /// <summary>
    /// The shards that <paramref name="missingKeys"/> (source ids of the items not found) fall in, when the log was written
    /// in shards; null when it was not (there is nothing to name but the stage).
    /// </summary>
    public static MissingShardsException? For(string stage, RunFolder run, string log, IEnumerable<string> missingKeys, string what) =>
        ShardGaps.Of(log, missingKeys) is { } gaps ? new MissingShardsException(stage, run.Root, what, gaps) : null;

    private static string Describe(string stage, string runRoot, string what, ShardGaps gaps)
    {
        var commands = gaps.Missing.Concat(gaps.Unfinished).OrderBy(s => s.Index).Select(s => $"`counterforge {stage} --out {runRoot} --shard {s}`");
        return $"{what}: {gaps}. Run {string.Join(" and ", commands)} (each resumes where it stopped), "
            + $"or `counterforge {stage} --out {runRoot}` to do what is left in one process.";
    }
}
