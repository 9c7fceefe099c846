using System.Globalization;
using System.Text.Json.Nodes;

namespace Counterforge.Bench;

/// <summary>
/// `counterforge demo --quick` for several seeds: wall time and peak memory of the whole command (build excluded), and the
/// issue's acceptance numbers as mean ± sd over the seeds.
/// </summary>
internal static class DemoBenchmark
{
    public static void Run(IReadOnlyList<int> seeds, string output, IReadOnlyList<string> demoArgs)
    {
        var tool = Tool();
        var rows = new List<(int Seed, ChildProcess.Measurement M, JsonObject Summary)>();
        foreach (var seed in seeds)
        {
            var folder = Path.GetFullPath(Path.Combine(output, $"demo-quick-seed{seed}"));
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            var m = ChildProcess.Run("dotnet", [tool, "demo", "--quick", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", folder, .. demoArgs]);
            if (m.ExitCode != 0) throw new InvalidOperationException($"seed {seed} failed:\n{m.Output}");
            rows.Add((seed, m, JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")))!.AsObject()));
            Console.WriteLine($"seed {seed}: {m.WallSeconds:F1} s, peak {m.PeakMegabytes:F0} MB");
        }

        Console.WriteLine();
        Console.WriteLine($"demo --quick {string.Join(' ', demoArgs)} on {Environment.ProcessorCount} cores, seeds {string.Join(", ", seeds)} (mean ± sd)");
        Line("wall time (s)", rows.Select(r => r.M.WallSeconds), "F1");
        Line("peak memory (MB)", rows.Select(r => r.M.PeakMegabytes), "F0");
        var stress = rows.Select(r => r.Summary["stress_test"]!.AsObject()).ToList();
        Line("acc_orig (%)", stress.Select(s => 100 * s["acc_orig"]!.GetValue<double>()), "F1");
        Line("null-edit flip rate (%)", stress.Select(s => 100 * s["null_edit"]!["flip_rate"]!.GetValue<double>()), "F2");
        foreach (var kind in stress[0]["kinds"]!.AsArray().Select(k => k!["kind"]!.GetValue<string>()))
        {
            var kinds = stress.Select(s => s["kinds"]!.AsArray().First(k => k!["kind"]!.GetValue<string>() == kind)!).ToList();
            Line($"{kind}: gap acc_orig − acc_cf (pts)", stress.Zip(kinds, (s, k) => 100 * (s["acc_orig"]!.GetValue<double>() - k["acc_cf"]!.GetValue<double>())), "F1");
            Line($"{kind}: flip rate (%)", kinds.Select(k => 100 * k["flip_rate"]!.GetValue<double>()), "F1");
            Console.WriteLine($"  {kind}: flagged in {kinds.Count(k => k["weakness"]!.GetValue<bool>())} of {kinds.Count} seeds");
        }
        var keys = rows[0].Summary["reinforcement"]!.AsArray().Select(Key).ToList();
        foreach (var key in keys)
        {
            var found = rows.Select(r => r.Summary["reinforcement"]!.AsArray().First(x => Key(x) == key)!).ToList();
            Line($"{key}: acc_orig (%)", found.Select(f => 100 * f["acc_orig"]!.GetValue<double>()), "F1");
            Line($"{key}: acc_cf (%)", found.Select(f => 100 * f["acc_cf"]!.GetValue<double>()), "F1");
            Line($"{key}: gap closed (%)", found.Select(f => 100 * f["gap_closed"]!.GetValue<double>()), "F0");
        }
    }

    /// <summary>The built CLI (build excluded from every timing).</summary>
    public static string Tool()
    {
        var tool = Path.Combine(RepositoryRoot(), "src", "Counterforge.Cli", "bin", "Release", "net10.0", "linux-x64", "Counterforge.Cli.dll");
        return File.Exists(tool) ? tool
            : throw new FileNotFoundException($"{tool} is missing: build it first with 'dotnet build -c Release src/Counterforge.Cli'.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Counterforge.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No Counterforge.slnx above {AppContext.BaseDirectory}.");
    }

    private static string Key(JsonNode? row) => $"{row!["method"]} {row["selection"]} K={row["k"]}";

    private static void Line(string name, IEnumerable<double> values, string format)
    {
        var v = values.ToList();
        double mean = v.Average();
        double sd = v.Count > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1)) : 0;
        Console.WriteLine($"  {name,-48} {mean.ToString(format, CultureInfo.InvariantCulture),8} ± {sd.ToString(format, CultureInfo.InvariantCulture)}");
    }
}
