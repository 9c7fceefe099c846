using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Counterforge.Cli.Tests.Cluster;

/// <summary>
/// The method on a real one-node Slurm cluster (Debian's slurmctld, slurmd and munge, started for the test): the chain that
/// deploy/slurm/submit.sh queues, with caption, perturb, generate and the stress test's predictions as four-task arrays, gives
/// what one process gives with the same seed; a generate task cancelled (scancel) mid-way and resubmitted with
/// deploy/slurm/resubmit.sh loses nothing and does nothing twice. Skipped, saying why, where a cluster cannot start
/// (not root, the packages missing); .ci/run installs them.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SlurmShardTests(ITestOutputHelper output) : IDisposable
{
    private const int Shards = 4;
    private const int Cancelled = 2;
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-slurm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Tool => Path.Combine(AppContext.BaseDirectory, "Counterforge.Cli.dll");

    private string[] Settings(string data) =>
        ["--data", data, "--arch", "small-cnn", "--image-size", "32", "--epochs", "3", "--batch-size", "16", "--stress-sources", "60",
         "--budgets", "8", "--seed", "2"];

    /// <summary>
    /// The tool as the jobs run it, except that generate's shard 2 stops itself (SIGSTOP) at its first progress line, its
    /// first time: some counterfactuals written, the rest not, until the test cancels the task.
    /// </summary>
    private string PausingTool()
    {
        var path = Path.Combine(_dir, "counterforge-pausing.sh");
        File.WriteAllText(path, $$"""
            #!/usr/bin/env bash
            if [ "$1" = generate ] && [[ " $* " == *" --shard {{Cancelled}}/{{Shards}} "* ]] && [ ! -e "{{_dir}}/paused" ]; then
              coproc CF { exec dotnet "{{Tool}}" "$@" 2>&1; }
              pid=$CF_PID
              while IFS= read -r line <&"${CF[0]}"; do
                echo "$line"
                if [[ "$line" =~ ^Counterfactuals\ \((val|test)\):\ [1-9][0-9]*/ ]] && [ ! -e "{{_dir}}/paused" ]; then
                  kill -STOP "$pid"
                  touch "{{_dir}}/paused"
                fi
              done
              wait "$pid"
              exit $?
            fi
            exec dotnet "{{Tool}}" "$@"
            """.Replace("\r", ""));
        return $"bash {path}"; // COUNTERFORGE is a command line (like "dotnet /opt/counterforge/Counterforge.Cli.dll")
    }

    /// <summary>Every counterfactual record of a run, one line each, in edit-id order (a one-process log or the shards' logs).</summary>
    private static List<string> CounterfactualRecords(string runFolder) =>
        Directory.EnumerateFiles(runFolder, "counterfactuals*.jsonl").SelectMany(File.ReadLines)
            .OrderBy(l => (string)JsonNode.Parse(l)!["edit_id"]!, StringComparer.Ordinal).ToList();

    private static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void Slurm_array_shards_give_what_one_process_gives_and_a_cancelled_task_resubmitted_loses_and_repeats_nothing()
    {
        using var cluster = SlurmCluster.Start(Path.Combine(_dir, "cluster"), out var reason);
        if (cluster is null)
        {
            output.WriteLine($"No Slurm cluster on this machine: {reason}. Skipped (.ci/run installs slurmctld, slurmd, slurm-client and munge as root).");
            return;
        }
        var data = Path.Combine(_dir, "data");
        var made = CliProcess.Run(["scenes", "make", "--out", data, "--count", "120", "--size", "32", "--seed", "2"]);
        Assert.True(made.ExitCode == 0, made.Output);

        // One process.
        var one = Path.Combine(_dir, "one");
        var straight = CliProcess.Run(["run", .. Settings(data), "--out", one]);
        Assert.True(straight.ExitCode == 0, straight.Output);

        // The same on the cluster: the documented submit command, no GPUs asked for.
        var sharded = Path.Combine(_dir, "sharded");
        var environment = new Dictionary<string, string> { ["COUNTERFORGE"] = PausingTool(), ["GRES"] = "" };
        var submitted = cluster.Run("bash", [SlurmCluster.Script("submit.sh"), sharded, $"{Shards}", .. Settings(data)], _dir, environment);
        Assert.True(submitted.ExitCode == 0, submitted.Output);
        output.WriteLine(submitted.Output);
        var jobs = File.ReadAllLines(Path.Combine(sharded, "slurm", "jobs.tsv")).Select(l => l.Split('\t')).ToList();
        Assert.Equal(["train", "caption", "perturb", "generate", "stress-test", "stress-test", "reinforce", "reinforce", "report"], jobs.Select(j => j[0]));
        var generate = jobs.First(j => j[0] == "generate")[1];

        // Shard 2 of generate stops mid-way; cancel it there.
        cluster.WaitFor(() => File.Exists(Path.Combine(_dir, "paused")), TimeSpan.FromMinutes(10), "generate's shard 2 to start");
        var partialFile = Path.Combine(sharded, $"counterfactuals.shard-{Cancelled}-of-{Shards}.jsonl");
        var cancel = cluster.Run("scancel", [$"{generate}_{Cancelled}"]);
        Assert.True(cancel.ExitCode == 0, cancel.Output);
        cluster.WaitFor(() => !cluster.Queue().Any(j => j.StartsWith($"{generate}_{Cancelled} ")), TimeSpan.FromMinutes(2), "the cancelled task to end");
        var partial = File.ReadAllLines(partialFile);
        output.WriteLine($"shard {Cancelled}/{Shards} of generate was cancelled with {partial.Length} counterfactuals recorded");
        Assert.NotEmpty(partial);

        // The rest of the chain waits (its dependency cannot be met) until the task is resubmitted.
        cluster.WaitFor(() => jobs.Where(j => j[0] == "generate").All(j => !cluster.Queue().Any(q => q.StartsWith($"{j[1]}_"))),
            TimeSpan.FromMinutes(10), "generate's other tasks to end");
        Assert.False(File.Exists(Path.Combine(sharded, "report.html")));
        // A stage that reads the shards refuses to go on with part of the data, and names the shard and its command.
        var refused = CliProcess.Run(["stress-test", "--out", sharded]);
        Assert.True(refused.ExitCode != 0, refused.Output);
        Assert.Contains($"shard {Cancelled}/{Shards} stopped before its end", refused.Output);
        Assert.Contains($"`counterforge generate --out {sharded} --shard {Cancelled}/{Shards}`", refused.Output);
        var resubmitted = cluster.Run("bash", [SlurmCluster.Script("resubmit.sh"), sharded, "generate", $"{Cancelled}"], _dir, environment);
        Assert.True(resubmitted.ExitCode == 0, resubmitted.Output);
        output.WriteLine(resubmitted.Output);
        cluster.WaitFor(() => cluster.Queue().Count == 0, TimeSpan.FromMinutes(20), "the chain to finish");
        Assert.True(File.Exists(Path.Combine(sharded, "report.html")), $"no report.html.\n{string.Join('\n', Directory.EnumerateFiles(Path.Combine(sharded, "slurm"), "*.out").Select(f => $"--- {f}\n{File.ReadAllText(f)}"))}");

        // Nothing lost, nothing done twice: the cancelled shard kept what it had recorded, and each edit has one record.
        var final = File.ReadAllLines(partialFile);
        Assert.Equal(partial, final.Take(partial.Length));
        Assert.True(final.Length > partial.Length);
        var records = CounterfactualRecords(sharded);
        Assert.Equal(records.Count, records.Select(r => (string)JsonNode.Parse(r)!["edit_id"]!).Distinct().Count());

        // Identical to one process: the summary's numbers, the counterfactual records and image files.
        Assert.Equal(SummaryResults.Of(one), SummaryResults.Of(sharded));
        Assert.Equal(CounterfactualRecords(one), records);
        Assert.Equal(Files(Path.Combine(one, "images")), Files(Path.Combine(sharded, "images")));

        // A shard run again (a duplicate task) changes nothing.
        var before = Files(sharded);
        var again = CliProcess.Run(["generate", "--out", sharded, "--shard", $"1/{Shards}"]);
        Assert.True(again.ExitCode == 0, again.Output);
        var after = Files(sharded);
        foreach (var file in after.Keys.Where(f => !f.StartsWith("history", StringComparison.Ordinal) && !f.StartsWith(".lock", StringComparison.Ordinal)))
            Assert.True(before.TryGetValue(file, out var hash) && hash == after[file], $"{file} changed");
    }
}
