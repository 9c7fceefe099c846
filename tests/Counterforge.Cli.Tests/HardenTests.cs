using System.Text.Json.Nodes;

namespace Counterforge.Cli.Tests;

/// <summary>`counterforge harden` on a finished demo run folder (slow: the real tool).</summary>
[Trait("Category", "Slow")]
public sealed class HardenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-harden-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CliProcess.Outcome Ok(params string[] args)
    {
        var result = CliProcess.Run(args);
        Assert.True(result.ExitCode == 0, $"counterforge {string.Join(' ', args)}\n{result.Output}");
        return result;
    }

    [Fact]
    public void Harden_grows_the_budget_judges_each_round_on_fresh_counterfactuals_and_resumes_without_redoing_rounds()
    {
        var missing = CliProcess.Run(["harden", "--out", Path.Combine(_dir, "none")]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Run `counterforge train --out", missing.Output);

        var run = Path.Combine(_dir, "run");
        Ok("demo", "--quick", "--models", "small-cnn", "--train-count", "200", "--size", "48", "--epochs", "6", "--out", run);
        var hardened = Ok("harden", "--out", run, "--start-budget", "5", "--max-budget", "20");
        Assert.EndsWith(Path.Combine(run, "report.html"), hardened.Output.TrimEnd());

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        var harden = summary["harden"]!;
        Assert.Equal("last-layer", (string)harden["method"]!);
        var rounds = harden["rounds"]!.AsArray();
        Assert.NotEmpty(rounds);
        Assert.Equal(new[] { 5, 10, 20 }.Take(rounds.Count), rounds.Select(r => (int)r!["k"]!));
        foreach (var round in rounds)
        {
            Assert.True((int)round!["fresh_counterfactuals"]! > 0, round.ToJsonString());
            Assert.True(File.Exists(Path.Combine(run, (string)round["weights"]!)), round.ToJsonString());
            Assert.InRange((double)round["acc_orig"]!, 0, 1);
        }
        // Every round but the last was still flagged on its fresh counterfactuals; the outcome says how the loop ended.
        Assert.All(rounds.SkipLast(1), r => Assert.NotEmpty(r!["flagged"]!.AsArray()));
        var outcome = (string)harden["outcome"]!;
        Assert.True(outcome == "weakness gone" || outcome == "budget cap reached" || outcome.StartsWith("undecided"), outcome);
        // Fresh edits are new: none of them is an edit the run had made before.
        var known = File.ReadLines(Path.Combine(run, "edits.jsonl")).Select(l => (string)JsonNode.Parse(l)!["id"]!).ToHashSet();
        var fresh = Directory.EnumerateFiles(Path.Combine(run, "harden"), "*.edits.jsonl").SelectMany(File.ReadLines).Select(l => (string)JsonNode.Parse(l)!["id"]!).ToList();
        Assert.NotEmpty(fresh);
        Assert.DoesNotContain(fresh, known.Contains);

        var again = Ok("harden", "--out", run, "--start-budget", "5", "--max-budget", "20");
        Assert.DoesNotContain("Fresh counterfactuals", again.Output);
        Assert.DoesNotContain("fine-tune", again.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(harden.ToJsonString(), JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!["harden"]!.ToJsonString());
    }
}
