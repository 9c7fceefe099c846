using System.Globalization;

namespace Counterforge.Bench;

/// <summary>Wall time and peak memory of the whole `demo --quick` at multiples of its 400 training images (DemoSettings.Preset), and the cost per multiple.</summary>
internal static class DemoScaling
{
    public const int QuickTrainCount = 400;

    public static void Run(IReadOnlyList<int> scales, int seed, string output)
    {
        var tool = DemoBenchmark.Tool();
        var rows = new List<(int Scale, ChildProcess.Measurement M)>();
        foreach (var scale in scales)
        {
            var folder = Path.GetFullPath(Path.Combine(output, $"demo-quick-x{scale}"));
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            var trainCount = (QuickTrainCount * scale).ToString(CultureInfo.InvariantCulture);
            var m = ChildProcess.Run("dotnet", [tool, "demo", "--quick", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--train-count", trainCount, "--out", folder]);
            if (m.ExitCode != 0) throw new InvalidOperationException($"demo --quick --train-count {trainCount} failed:\n{m.Output}");
            rows.Add((scale, m));
            Console.WriteLine($"  {scale}× ({trainCount} train images): {m.WallSeconds:F1} s, peak {m.PeakMegabytes:F0} MB");
        }
        Console.WriteLine();
        Console.WriteLine($"| dataset | train images | wall time (s) | wall time / scale (s) | peak memory (MB) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (scale, m) in rows)
            Console.WriteLine($"| {scale}× | {QuickTrainCount * scale} | {m.WallSeconds:F1} | {m.WallSeconds / scale:F1} | {m.PeakMegabytes:F0} |");
        if (rows.Count > 1)
        {
            var (first, last) = (rows[0], rows[^1]);
            double growth = last.M.WallSeconds / first.M.WallSeconds, size = (double)last.Scale / first.Scale;
            Console.WriteLine($"Wall time grew {growth:F2}× for {size:F0}× the data ({(growth <= size * 1.05 ? "at most linear" : "faster than linear")}); seed {seed}.");
        }
    }
}
