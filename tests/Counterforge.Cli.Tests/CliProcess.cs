using System.Diagnostics;
using System.Text;

namespace Counterforge.Cli.Tests;

/// <summary>Runs the real command-line tool in its own process, as a user would, optionally killing it when a line appears.</summary>
internal static class CliProcess
{
    private static string ToolPath => Path.Combine(AppContext.BaseDirectory, "counterforge.dll");

    public sealed record Outcome(int ExitCode, string Output, bool Killed);

    public static Outcome Run(IEnumerable<string> args, string? killWhenLineContains = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ToolPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        bool killed = false;
        var gate = new object();
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (gate)
            {
                output.AppendLine(line);
                if (!killed && killWhenLineContains is not null && line.Contains(killWhenLineContains, StringComparison.Ordinal))
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
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"counterforge {string.Join(' ', args)} did not finish:\n{output}");
        }
        process.WaitForExit();
        lock (gate) return new Outcome(process.ExitCode, output.ToString(), killed);
    }
}
