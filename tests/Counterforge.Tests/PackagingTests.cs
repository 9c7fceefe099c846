using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Counterforge.Tests;

/// <summary>
/// Counterforge the .NET way: every package packed into a folder, the `counterforge` tool installed from it and run, and
/// a new console project that references the library package running the README's quickstart — its first ```csharp
/// block, word for word, so the README cannot drift from what works.
/// </summary>
[Trait("Category", "Packaging")]
public sealed class PackagingTests : IClassFixture<PackagingTests.Packed>
{
    private readonly Packed packed;

    public PackagingTests(Packed packed) => this.packed = packed;

    /// <summary>The repository's packages, under a version of their own so no cached package of the same version is taken instead.</summary>
    public sealed class Packed : IDisposable
    {
        public Packed()
        {
            Version = $"0.9.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
            var pack = Shell.Run("dotnet", ["pack", Path.Combine(Repository.Root, "Counterforge.slnx"), "-c", "Release", "--no-build", "-o", Folder, $"-p:PackageVersion={Version}"], Repository.Root);
            Assert.True(pack.ExitCode == 0, pack.Output);
        }

        public string Dir { get; } = Directory.CreateTempSubdirectory("cf-packages-").FullName;
        public string Folder => Path.Combine(Dir, "packages");
        public string Version { get; }

        /// <summary>
        /// The test version's packages leave the NuGet cache with the test (about 130 MB a run, a new version each run);
        /// the packages they depend on stay, as any restore leaves them.
        /// </summary>
        public void Dispose()
        {
            var cache = GlobalPackagesFolder();
            foreach (var package in Directory.EnumerateFiles(Folder, $"*.{Version}.nupkg"))
            {
                var id = Path.GetFileName(package)[..^$".{Version}.nupkg".Length].ToLowerInvariant();
                var cached = Path.Combine(cache, id, Version);
                if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
            }
            Directory.Delete(Dir, recursive: true);
        }

        private static string GlobalPackagesFolder()
        {
            var locals = Shell.Run("dotnet", ["nuget", "locals", "global-packages", "--list"], Repository.Root);
            var line = locals.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("global-packages:", StringComparison.Ordinal));
            Assert.True(line is not null, locals.Output);
            return line["global-packages:".Length..].Trim();
        }
    }

    [Fact]
    public void Every_library_and_the_tool_are_packed()
    {
        foreach (var id in new[] { "Counterforge", "Counterforge.Core", "Counterforge.Scenes", "Counterforge.Vision", "Counterforge.Diffusion",
                                   "Counterforge.Language", "Counterforge.Report", "Counterforge.SceneModels", "Counterforge.Tool" })
            Assert.True(File.Exists(Path.Combine(packed.Folder, $"{id}.{packed.Version}.nupkg")), $"{id} was not packed");
    }

    [Fact]
    public void The_tool_installs_from_the_packages_and_runs()
    {
        var tools = Path.Combine(packed.Dir, "tools");
        var install = Shell.Run("dotnet", ["tool", "install", "Counterforge.Tool", "--tool-path", tools, "--add-source", packed.Folder, "--version", packed.Version], packed.Dir);
        Assert.True(install.ExitCode == 0, install.Output);
        var counterforge = Path.Combine(tools, "counterforge");

        var help = Shell.Run(counterforge, ["demo", "--quick", "--help"], packed.Dir);
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("counterforge demo --quick", help.Output);
        var scenes = Shell.Run(counterforge, ["scenes", "make", "--out", Path.Combine(packed.Dir, "scenes"), "--count", "20", "--size", "32"], packed.Dir);
        Assert.True(scenes.ExitCode == 0, scenes.Output);
        Assert.True(File.Exists(Path.Combine(packed.Dir, "scenes", "manifest.jsonl")));
    }

    [Fact]
    public void The_readme_quickstart_runs_in_a_new_project_that_references_the_library_package()
    {
        var project = Directory.CreateDirectory(Path.Combine(packed.Dir, "quickstart")).FullName;
        File.WriteAllText(Path.Combine(project, "quickstart.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Counterforge" Version="{packed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="counterforge" value="{packed.Folder}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), Repository.ReadmeQuickstart());

        // Hard links to the NuGet cache instead of copies of libtorch and ONNX Runtime: the build's output stays small.
        var run = Shell.Run("dotnet", ["run", "-c", "Release", "-p:CreateHardLinksForCopyLocalIfPossible=true"], project);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(new Regex(@"Weak to: [^.]*background"), run.Output);
        Assert.True(File.Exists(Path.Combine(project, "runs", "quickstart", "report.html")));
    }
}

/// <summary>The repository this test was built from.</summary>
internal static class Repository
{
    public static string Root { get; } = Find(AppContext.BaseDirectory);

    /// <summary>The README's first ```csharp block: a whole Program.cs.</summary>
    public static string ReadmeQuickstart()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var block = Regex.Match(readme, "```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "README.md has no ```csharp block");
        return block.Groups[1].Value;
    }

    private static string Find(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Counterforge.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No Counterforge.slnx above {from}.");
    }
}

/// <summary>A command run to its end (no wall-clock limit: a busy machine may take many times longer), its output kept.</summary>
internal static class Shell
{
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, string directory)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }
}
