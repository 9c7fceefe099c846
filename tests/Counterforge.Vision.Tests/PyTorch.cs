using System.Diagnostics;

namespace Counterforge.Vision.Tests;

/// <summary>Debian's python3 with python3-torch and python3-torchvision, when installed; tests that need it skip otherwise.</summary>
internal static class PyTorch
{
    public const string SkipReason =
        "python3-torch is not installed: run 'apt-get install -y python3-torch python3-torchvision' (.ci/run does) to run the PyTorch interop tests.";

    /// <summary>Debian's interpreter, where apt installs torch (a pyenv python3 on PATH would not see it); COUNTERFORGE_PYTHON overrides.</summary>
    public static string Python => Environment.GetEnvironmentVariable("COUNTERFORGE_PYTHON") ?? "/usr/bin/python3";

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch_interop.py");

    private static readonly Lazy<bool> Installed = new(() =>
        File.Exists(Python) && Run(["-c", "import torch, torchvision"]).ExitCode == 0);

    public static bool Available => Installed.Value;

    public static (int ExitCode, string Output) Run(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // A hang guard only: a busy machine may take many times longer than an idle one.
        if (!process.WaitForExit(TimeSpan.FromMinutes(30))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return (process.ExitCode, output.Result + errors.Result);
    }

    /// <summary>Runs the interop script; fails the test with its output when it exits non-zero.</summary>
    public static string RunScript(params string[] args)
    {
        var (code, output) = Run([Script, .. args]);
        Assert.True(code == 0, $"pytorch_interop.py {string.Join(' ', args)} exited {code}:\n{output}");
        return output;
    }
}

/// <summary>A theory that is skipped, with the install command, when python3-torch is missing.</summary>
public sealed class PyTorchTheoryAttribute : TheoryAttribute
{
    public PyTorchTheoryAttribute()
    {
        if (!PyTorch.Available) Skip = PyTorch.SkipReason;
    }
}
