namespace Counterforge.Core.Runs;

/// <summary>One finished verb of a run made verb by verb: what was typed and how long it took.</summary>
public sealed record VerbRun(string Verb, string Command, double Seconds);

/// <summary>
/// history.jsonl: the verbs that made a run, one line each, appended as each finishes. A report made by the `report` verb
/// reads it to give the commands that reproduce the whole run and its real wall time, not the report verb's own.
/// </summary>
public static class VerbHistory
{
    public static IReadOnlyList<VerbRun> Read(RunFolder run) => JsonlFile.ReadLog<VerbRun>(run.HistoryFile);

    /// <summary>Appends after whole lines only: a line a killed process left torn is cut off first.</summary>
    public static void Append(RunFolder run, VerbRun verb)
    {
        JsonlFile.ReadLogForAppend<VerbRun>(run.HistoryFile);
        JsonlFile.Append(run.HistoryFile, [verb]);
    }
}
