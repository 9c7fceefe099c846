using System.Text.Json.Nodes;

namespace Counterforge.Cli.Tests;

/// <summary>End-to-end runs of the real tool (slow: about a minute each on 2 cores).</summary>
[Trait("Category", "Slow")]
public sealed class DemoResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] TinyDemo(string output) =>
        ["demo", "--quick", "--models", "small-cnn", "--train-count", "120", "--size", "32", "--epochs", "2", "--out", output];

    /// <summary>The fields the issue promises other tools (fractions in 0..1).</summary>
    private static void AssertSummarySchema(JsonObject summary)
    {
        foreach (var key in new[] { "seed", "shortcut", "model", "wall_seconds", "counts", "stress_test", "reinforcement" })
            Assert.True(summary.ContainsKey(key), $"summary.json lacks '{key}'");
        Assert.Equal("background", summary["shortcut"]!["kind"]!.GetValue<string>());
        Assert.Equal(120, summary["counts"]!["train"]!.GetValue<int>());
        var stress = summary["stress_test"]!;
        Assert.InRange(stress["acc_orig"]!.GetValue<double>(), 0, 1);
        foreach (var key in new[] { "n", "flip_rate", "ci_low", "ci_high" }) Assert.NotNull(stress["null_edit"]![key]);
        var kind = stress["kinds"]!.AsArray().First()!;
        foreach (var key in new[] { "kind", "n", "acc_cf", "flip_rate", "ci_low", "ci_high", "sensitivity", "weakness" }) Assert.NotNull(kind[key]);
        var rows = summary["reinforcement"]!.AsArray();
        Assert.Contains(rows, r => r!["method"]!.GetValue<string>() == "none");
        foreach (var method in new[] { "last-layer", "full", "dfr" }) Assert.Contains(rows, r => r!["method"]!.GetValue<string>() == method);
        foreach (var selection in new[] { "extra-originals", "random", "targeted", "balanced" }) Assert.Contains(rows, r => r!["selection"]!.GetValue<string>() == selection);
        foreach (var row in rows)
            foreach (var key in new[] { "k", "acc_orig", "acc_cf", "gap_closed" }) Assert.NotNull(row![key]);
        // The repair, tested on the same test images as the baseline, and the α sweep each blend was chosen from.
        foreach (var row in rows.Where(r => (int)r!["k"]! > 0))
        {
            foreach (var test in new[] { "repair_on_originals", "repair_on_counterfactuals" })
                Assert.InRange(row![test]!["p_value"]!.GetValue<double>(), 0, 1);
            Assert.NotNull(row!["predictions"]);
            if ((string)row["method"]! != "dfr") Assert.NotEmpty(row["sweep"]!.AsArray());
        }
        var word = stress["words"]!.AsArray().First()!;
        foreach (var key in new[] { "p_value", "q_value", "flagged" }) Assert.NotNull(word[key]);
    }

    [Fact]
    public void A_run_killed_at_any_stage_and_resumed_gives_the_results_of_an_uninterrupted_run()
    {
        var straight = Path.Combine(_dir, "straight");
        var first = CliProcess.Run(TinyDemo(straight));
        Assert.True(first.ExitCode == 0, first.Output);

        var resumed = Path.Combine(_dir, "resumed");
        foreach (var killPoint in new[] { "Training small-cnn", "Counterfactuals (test)", "Full fine-tune (random" })
        {
            var interrupted = CliProcess.Run(TinyDemo(resumed), killWhenLineContains: killPoint);
            Assert.True(interrupted.Killed, $"never reached '{killPoint}':\n{interrupted.Output}");
        }
        var last = CliProcess.Run(TinyDemo(resumed));
        Assert.True(last.ExitCode == 0, last.Output);
        Assert.Contains("loaded", last.Output); // the baseline trained before the last kill is reused, not retrained

        Assert.Equal(SummaryResults.Of(straight), SummaryResults.Of(resumed));
        Assert.Empty(Directory.EnumerateFiles(resumed, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Re_running_a_finished_demo_redoes_nothing_and_reports_the_same_numbers()
    {
        var run = Path.Combine(_dir, "again");
        Assert.Equal(0, CliProcess.Run(TinyDemo(run)).ExitCode);
        AssertSummarySchema(JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!.AsObject());
        Assert.Contains("<table>", File.ReadAllText(Path.Combine(run, "report.html")));
        var before = SummaryResults.Of(run);
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(run, "edits.jsonl"));
        var again = CliProcess.Run(TinyDemo(run));
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("Training small-cnn", again.Output);
        Assert.DoesNotContain("Counterfactuals (test)", again.Output);
        Assert.Equal(before, SummaryResults.Of(run));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(run, "edits.jsonl")));
    }
}
