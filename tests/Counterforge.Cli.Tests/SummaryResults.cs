using System.Text.Json.Nodes;

namespace Counterforge.Cli.Tests;

internal static class SummaryResults
{
    /// <summary>The parts of RUN/summary.json that are results: not the wall time, nor the command lines (which name the folder) and the verbs that record them.</summary>
    public static string Of(string runFolder)
    {
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(runFolder, "summary.json")))!.AsObject();
        summary.Remove("wall_seconds");
        summary.Remove("command");
        summary.Remove("verbs");
        return summary.ToJsonString();
    }
}
