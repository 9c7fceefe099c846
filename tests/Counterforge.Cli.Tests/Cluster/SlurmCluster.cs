using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Counterforge.Cli.Tests.Cluster;

/// <summary>
/// A real one-node Slurm cluster (munged, slurmctld, slurmd from Debian's packages) started for a test by
/// deploy/slurm/local/cluster.sh, with its config, state, logs and munge socket in a folder of the test's, on ports free now.
/// </summary>
internal sealed class SlurmCluster : IDisposable
{
    private readonly string _dir;

    private SlurmCluster(string dir, string config) => (_dir, Config) = (dir, config);

    /// <summary>The slurm.conf that sbatch, squeue and scancel are pointed at (SLURM_CONF).</summary>
    public string Config { get; }

    public static string Repository
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Counterforge.slnx"))) return dir.FullName;
            throw new DirectoryNotFoundException($"No Counterforge.slnx above {AppContext.BaseDirectory}.");
        }
    }

    public static string Script(string name) => Path.Combine(Repository, "deploy", "slurm", name);

    /// <summary>
    /// The cluster, or null with the reason it cannot start on this machine (not root, the packages missing). A machine that
    /// has both and still cannot start one throws: there the test must run.
    /// </summary>
    public static SlurmCluster? Start(string dir, out string? reason)
    {
        reason = null;
        var result = Shell.Run("bash", [Script("local/cluster.sh"), "start", dir], dir: null,
            new Dictionary<string, string> { ["SLURMCTLD_PORT"] = $"{FreePort()}", ["SLURMD_PORT"] = $"{FreePort()}" });
        if (result.ExitCode == 3)
        {
            reason = result.Output.Trim();
            return null;
        }
        if (result.ExitCode != 0) throw new InvalidOperationException($"cluster.sh start failed ({result.ExitCode}):\n{result.Output}");
        return new SlurmCluster(dir, Path.Combine(dir, "slurm.conf"));
    }

    /// <summary>Runs a Slurm client or deploy script against this cluster.</summary>
    public Shell.Result Run(string program, IEnumerable<string> args, string? dir = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["SLURM_CONF"] = Config };
        return Shell.Run(program, args, dir, env);
    }

    /// <summary>The ids of the jobs (array tasks as JOB_TASK) still in the queue, with their state and reason.</summary>
    public IReadOnlyList<string> Queue()
    {
        var result = Run("squeue", ["-h", "-o", "%i %T %r"]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"squeue: {result.Output}");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Waits until <paramref name="done"/> holds, checking every second; throws with the queue and the logs after <paramref name="limit"/>.</summary>
    public void WaitFor(Func<bool> done, TimeSpan limit, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed > limit)
                throw new TimeoutException($"{what}: not after {limit.TotalMinutes} minutes. Queue:\n{string.Join('\n', Queue())}\n{Logs()}");
            Thread.Sleep(1000);
        }
    }

    public string Logs() => string.Join('\n', Directory.EnumerateFiles(Path.Combine(_dir, "log")).Select(f =>
        $"--- {f}\n{string.Join('\n', File.ReadLines(f).TakeLast(15))}"));

    public void Dispose() => Shell.Run("bash", [Script("local/cluster.sh"), "stop", _dir], dir: null);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A program run to its end, its stdout and stderr together.</summary>
internal static class Shell
{
    public sealed record Result(int ExitCode, string Output);

    public static Result Run(string program, IEnumerable<string> args, string? dir, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (dir is not null) start.WorkingDirectory = dir;
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result + errors.Result);
    }
}
