using System.Diagnostics;

namespace Counterforge.Bench;

/// <summary>Runs a command, measuring its wall time and peak resident memory (VmHWM from /proc, sampled until it exits).</summary>
internal static class ChildProcess
{
    public sealed record Measurement(int ExitCode, double WallSeconds, double PeakMegabytes, string Output);

    public static Measurement Run(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        long peakKb = 0;
        while (!process.WaitForExit(100)) peakKb = Math.Max(peakKb, PeakKilobytes(process.Id));
        watch.Stop();
        return new Measurement(process.ExitCode, watch.Elapsed.TotalSeconds, peakKb / 1024.0, output.Result + errors.Result);
    }

    private static long PeakKilobytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
