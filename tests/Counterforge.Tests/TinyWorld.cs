using Counterforge.Options;
using Counterforge.Vision;

namespace Counterforge.Tests;

/// <summary>The demo preset shrunk until a whole run takes seconds: a small world at 32 px and a small network trained from scratch.</summary>
internal static class TinyWorld
{
    public static CounterforgeOptions Options(int seed = 3) => DemoPreset.Create(quick: true, seed: seed, trainCount: 120, imageSize: 32, scratchEpochs: 3,
        architectures: [ClassifierRegistry.SmallCnn]) with { Stress = new StressOptions(Sources: 60) };

    /// <summary>summary.json without what depends on when and how a run was made (its wall time, its command line and its history).</summary>
    public static string Results(string summaryPath)
    {
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(summaryPath))!.AsObject();
        foreach (var key in new[] { "wall_seconds", "command", "verbs" }) summary.Remove(key);
        return summary.ToJsonString();
    }
}
