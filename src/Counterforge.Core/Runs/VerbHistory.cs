namespace Counterforge.Core.Runs;

/// <summary>One finished verb of a run made verb by verb: what was typed and how long it took.</summary>
/// <param name="InRun">A stage finished inside a whole run (the `run` verb): its time is part of that run's own.</param>
public sealed record VerbRun(string Verb, string Command, double Seconds,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool InRun = false);

/// <summary>
/// history.jsonl: the verbs that made a run, one line each, appended as each finishes. A report made by the `report` verb
/// reads it to give the commands that reproduce the whole run and its real wall time, not the report verb's own. A shard
/// appends to a history of its own (no two processes append to one file); the next verb that holds the whole folder moves
/// the shards' lines into history.jsonl, stage by stage in the method's order, so that the commands it lists reproduce the run.
/// </summary>
public static class VerbHistory
{
    /// <summary>The verbs that run in shards, in the order the method runs them.</summary>
    private static readonly string[] ShardedVerbs = ["caption", "perturb", "generate", "stress-test"];

    public static IReadOnlyList<VerbRun> Read(RunFolder run) => JsonlFile.ReadLog<VerbRun>(run.HistoryFile);

    /// <summary>Appends after whole lines only: a line a killed process left torn is cut off first.</summary>
    public static void Append(RunFolder run, VerbRun verb, Shard? shard = null)
    {
        var path = ShardedLog.PathOf(run.HistoryFile, shard);
        JsonlFile.ReadLogForAppend<VerbRun>(path);
        JsonlFile.Append(path, [verb]);
    }

    /// <summary>Moves the shards' verbs into history.jsonl, shard by shard; only while the whole folder is held (no shard runs).</summary>
    public static void FoldShards(RunFolder run)
    {
        var shards = ShardedLog.ShardFiles(run.HistoryFile);
        if (shards.Count == 0) return;
        JsonlFile.ReadLogForAppend<VerbRun>(run.HistoryFile);
        var verbs = shards.SelectMany(s => JsonlFile.ReadLog<VerbRun>(s.Path)).OrderBy(v => Array.IndexOf(ShardedVerbs, v.Verb));
        JsonlFile.Append(run.HistoryFile, verbs);
        foreach (var shard in shards) File.Delete(shard.Path);
    }
}
