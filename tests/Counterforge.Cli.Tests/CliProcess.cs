using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Counterforge.Cli.Tests;

/// <summary>
/// Runs the real command-line tool in its own process, as a user would, optionally killing it (SIGKILL) when a line
/// appears. There is no wall-clock limit, which a busy machine could hit: only a tool that prints nothing at all for
/// <see cref="Silence"/> is taken as hung (every long stage prints a line at least every few seconds).
/// </summary>
internal static class CliProcess
{
    public static readonly TimeSpan Silence = TimeSpan.FromMinutes(10);

    private static string ToolPath => Path.Combine(AppContext.BaseDirectory, "Counterforge.Cli.dll");

    public sealed record Outcome(int ExitCode, string Output, bool Killed);

    public static Outcome Run(IEnumerable<string> args, string? killWhenLineContains = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Run(args, killWhenLineContains is null ? null : new Regex(Regex.Escape(killWhenLineContains)), environment);

    /// <param name="lowPriority">Runs the tool under `nice`, so that on a busy machine this process reads a line soon after it is printed.</param>
    public static Outcome Run(IEnumerable<string> args, Regex? killWhenLineMatches, IReadOnlyDictionary<string, string>? environment = null, bool lowPriority = false)
    {
        var start = new ProcessStartInfo(lowPriority ? "nice" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (lowPriority) foreach (var a in new[] { "-n", "10", "dotnet" }) start.ArgumentList.Add(a);
        start.ArgumentList.Add(ToolPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        bool killed = false;
        var lastLine = Stopwatch.StartNew();
        var gate = new object();
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (gate)
            {
                lastLine.Restart();
                output.AppendLine(line);
                if (!killed && killWhenLineMatches is not null && killWhenLineMatches.IsMatch(line))
                {
                    killed = true;
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (!process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            bool silent;
            lock (gate) silent = lastLine.Elapsed > Silence;
            if (!silent) continue;
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"counterforge {string.Join(' ', args)} printed nothing for {Silence.TotalMinutes} minutes (hung?):\n{output}");
        }
        process.WaitForExit();
        lock (gate) return new Outcome(process.ExitCode, output.ToString(), killed);
    }
}
