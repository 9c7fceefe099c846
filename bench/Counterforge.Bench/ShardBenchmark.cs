using System.Diagnostics;
using System.Globalization;
using Counterforge.Core.Generation;
using Counterforge.Core.Runs;

namespace Counterforge.Bench;

/// <summary>
/// The per-item stages (caption, perturb, generate, the stress test's predictions) of one scenes run done by N local shard
/// processes (`--shard i/N`, all started at once, stage by stage, as an array job's tasks would be) against one process,
/// side by side from one run: wall time and its ratio, each shard's wall time and item count (the imbalance: slowest over
/// mean), and the cost of reading N shards' files as one log in the stage after. Both end with the stress test's results,
/// which are checked to be identical.
/// </summary>
internal static class ShardBenchmark
{
    private static readonly string[] Stages = ["caption", "perturb", "generate", "stress-test"];

    public static void Run(IReadOnlyList<int> shardCounts, int count, int size, int seed, string output, IReadOnlyList<string> extraSettings)
    {
        var tool = DemoBenchmark.Tool();
        var root = Path.GetFullPath(Path.Combine(output, "shards"));
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var data = Path.Combine(root, "data");
        Check(ChildProcess.Run("dotnet", [tool, "scenes", "make", "--out", data, "--count", $"{count}", "--size", $"{size}", "--seed", $"{seed}"]), "scenes make");
        var baseRun = Path.Combine(root, "base");
        Check(ChildProcess.Run("dotnet", [tool, "settings", "--data", data, "--arch", "small-cnn", "--image-size", $"{size}", "--epochs", "3",
            "--seed", $"{seed}", .. extraSettings, "--out", baseRun]), "settings");
        Check(ChildProcess.Run("dotnet", [tool, "train", "--out", baseRun]), "train");
        Console.WriteLine($"Scenes: --count {count} --size {size} --seed {seed}, small-cnn trained; per-item stages {string.Join(", ", Stages)}; "
            + $"{Environment.ProcessorCount} cores.");

        var one = Copy(baseRun, Path.Combine(root, "one"));
        var oneStages = Stages.Select(stage => (stage, Check(ChildProcess.Run("dotnet", [tool, stage, "--out", one]), stage).WallSeconds)).ToList();
        double oneWall = oneStages.Sum(s => s.WallSeconds);
        int edits = File.ReadLines(Path.Combine(one, "edits.jsonl")).Count();
        Console.WriteLine($"One process: {oneWall:F1} s ({string.Join(", ", oneStages.Select(s => $"{s.stage} {s.WallSeconds:F1} s"))}); {edits} edits.");

        var rows = new List<string>();
        foreach (int n in shardCounts)
        {
            var folder = Copy(baseRun, Path.Combine(root, $"shards-{n}"));
            double wall = 0;
            var perStage = new List<string>();
            double worstImbalance = 0;
            foreach (var stage in Stages)
            {
                var watch = Stopwatch.StartNew();
                var shards = Enumerable.Range(0, n).Select(i => Task.Run(() => Check(ChildProcess.Run("dotnet", [tool, stage, "--out", folder, "--shard", $"{i}/{n}"]), $"{stage} {i}/{n}"))).ToArray();
                Task.WaitAll(shards);
                double stageWall = watch.Elapsed.TotalSeconds;
                var walls = shards.Select(s => s.Result.WallSeconds).ToList();
                double imbalance = walls.Max() / walls.Average();
                worstImbalance = Math.Max(worstImbalance, imbalance);
                wall += stageWall;
                perStage.Add($"{stage} {stageWall:F1} s (shards {string.Join("/", walls.Select(w => w.ToString("F1", CultureInfo.InvariantCulture)))}, max/mean {imbalance:F2})");
            }
            var readsNext = Check(ChildProcess.Run("dotnet", [tool, "stress-test", "--out", folder]), "stress-test after the shards");
            wall += readsNext.WallSeconds;
            var items = ShardedLog.ShardFiles(Path.Combine(folder, "counterfactuals.jsonl")).Select(f => File.ReadLines(f.Path).Count()).ToList();
            double itemImbalance = items.Max() / items.Average();
            var (oneRead, shardRead) = ReadCost(one, folder);
            bool same = SameResults(one, folder);
            Console.WriteLine($"{n} shards: {wall:F1} s = {string.Join(", ", perStage)}, then stress-test over the shards {readsNext.WallSeconds:F1} s; "
                + $"counterfactuals per shard {string.Join("/", items)}; results {(same ? "identical" : "DIFFERENT")}.");
            rows.Add($"| {n} | {wall:F1} | {oneWall / wall:F2}× | {worstImbalance:F2} | {itemImbalance:F2} ({string.Join("/", items)}) | {readsNext.WallSeconds:F1} | "
                + $"{oneRead * 1000:F1} / {shardRead * 1000:F1} | {(same ? "identical" : "DIFFERENT")} |");
        }
        Console.WriteLine();
        Console.WriteLine($"| processes | wall (s) | speed-up over one process ({oneWall:F1} s) | imbalance: slowest shard / mean, worst stage | counterfactuals per shard: max / mean | stress-test over the shards (s) | reading counterfactuals: one file / N files (ms) | stress-test results |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows) Console.WriteLine(row);
    }

    private static ChildProcess.Measurement Check(ChildProcess.Measurement m, string what) =>
        m.ExitCode == 0 ? m : throw new InvalidOperationException($"{what} failed:\n{m.Output}");

    private static string Copy(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != ".lock"))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        return to;
    }

    /// <summary>Median seconds to read every counterfactual record: one process's single log against the N shards' logs.</summary>
    private static (double One, double Shards) ReadCost(string one, string sharded)
    {
        static double Median(Func<int> read)
        {
            var times = new List<double>();
            for (int i = 0; i < 9; i++)
            {
                var watch = Stopwatch.StartNew();
                read();
                times.Add(watch.Elapsed.TotalSeconds);
            }
            return times.Order().ElementAt(times.Count / 2);
        }
        return (Median(() => ShardedLog.ReadLog<Counterfactual>(Path.Combine(one, "counterfactuals.jsonl")).Count),
            Median(() => ShardedLog.ReadLog<Counterfactual>(Path.Combine(sharded, "counterfactuals.jsonl")).Count));
    }

    private static bool SameResults(string one, string sharded) =>
        Directory.EnumerateFiles(Path.Combine(one, "stress")).All(f =>
            File.Exists(Path.Combine(sharded, "stress", Path.GetFileName(f))) && File.ReadAllText(f) == File.ReadAllText(Path.Combine(sharded, "stress", Path.GetFileName(f))));
}
