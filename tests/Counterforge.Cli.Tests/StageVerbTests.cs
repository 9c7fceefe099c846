using System.Text.Json.Nodes;

namespace Counterforge.Cli.Tests;

/// <summary>The stage verbs on one run folder, against `run` chaining them (slow: the real tool, several processes).</summary>
[Trait("Category", "Slow")]
public sealed class StageVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-verbs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CliProcess.Outcome Ok(params string[] args)
    {
        var result = CliProcess.Run(args);
        Assert.True(result.ExitCode == 0, $"counterforge {string.Join(' ', args)}\n{result.Output}");
        return result;
    }

    [Fact]
    public void Verbs_one_by_one_give_what_run_gives_and_each_says_which_verb_is_missing()
    {
        var data = Path.Combine(_dir, "data");
        Ok("scenes", "make", "--out", data, "--count", "120", "--size", "32", "--seed", "2");
        var steps = Path.Combine(_dir, "steps");

        var early = CliProcess.Run(["stress-test", "--out", steps]);
        Assert.Equal(1, early.ExitCode);
        Assert.Contains("Run `counterforge train --out", early.Output);

        Ok("train", "--data", data, "--image-size", "32", "--seed", "2", "--out", steps);
        var notPerturbed = CliProcess.Run(["generate", "--out", steps]);
        Assert.Contains("Run `counterforge perturb --out", notPerturbed.Output);
        var conflict = CliProcess.Run(["caption", "--seed", "3", "--out", steps]);
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("--seed '3' contradicts '2' recorded in", conflict.Output);

        Ok("caption", "--stress-sources", "40", "--out", steps);
        Ok("perturb", "--out", steps);
        var notGenerated = CliProcess.Run(["stress-test", "--out", steps]);
        Assert.Contains("Run `counterforge generate --out", notGenerated.Output);
        Ok("generate", "--out", steps);
        Ok("stress-test", "--out", steps);
        Ok("reinforce", "--budgets", "8", "--finetune-freeze", "conv1", "bn1", "layer1", "--finetune-bn", "keep", "--out", steps);
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(steps, "run.json")))!;
        Assert.Equal(5, (int)recorded["reinforcement"]!["targeted_candidates"]!);
        Assert.Equal("[\"conv1\",\"bn1\",\"layer1\"]", recorded["models"]![0]!["fine_tune_frozen_modules"]!.ToJsonString());
        Assert.True((bool)recorded["models"]![0]!["fine_tune_keeps_normalization"]!);
        var report = Ok("report", "--out", steps);
        Assert.EndsWith($"{Path.Combine(steps, "report.html")}", report.Output.TrimEnd()); // the report's path is the last line
        // The report reproduces the whole run from the verbs that made it, not from the report verb alone.
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(steps, "summary.json")))!;
        var verbs = summary["verbs"]!.AsArray().Select(v => (string)v!["verb"]!).ToList();
        Assert.Equal(["train", "caption", "perturb", "generate", "stress-test", "reinforce", "report"], verbs);
        Assert.StartsWith("counterforge train --data", (string)summary["command"]!);
        Assert.Contains(" && counterforge report --out", (string)summary["command"]!);
        Assert.Equal(summary["verbs"]!.AsArray().Sum(v => (double)v!["seconds"]!), (double)summary["wall_seconds"]!, 1);
        Assert.True(File.Exists(Path.Combine(steps, "report.html")));

        // `reinforce --budgets 8` added K = 8 to the recorded default (5 %): the chained run asks for both.
        var chained = Path.Combine(_dir, "chained");
        Ok("run", "--data", data, "--image-size", "32", "--seed", "2", "--stress-sources", "40", "--budgets", "5%", "8", "--finetune-freeze", "conv1", "bn1", "layer1", "--finetune-bn", "keep", "--out", chained);
        Assert.Equal(SummaryResults.Of(steps), SummaryResults.Of(chained));

        var again = Ok("run", "--out", chained);
        Assert.Contains("loaded", again.Output); // nothing is redone
        Assert.Equal(SummaryResults.Of(steps), SummaryResults.Of(chained));
    }
}
