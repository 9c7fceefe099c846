
namespace Counterforge.Cli.Tests;

/// <summary>The demo is the defaults on the scenes world: `run` on such a folder with no recipe options gives the demo's numbers (slow).</summary>
[Trait("Category", "Slow")]
public sealed class RunDefaultsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-defaults-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_with_no_recipe_options_on_a_scenes_folder_gives_the_quick_demos_summary()
    {
        var data = Path.Combine(_dir, "data");
        var made = CliProcess.Run(["scenes", "make", "--out", data, "--count", "120", "--size", "64", "--seed", "1"]);
        Assert.True(made.ExitCode == 0, made.Output);
        var run = CliProcess.Run(["run", "--data", data, "--out", Path.Combine(_dir, "run")]);
        Assert.True(run.ExitCode == 0, run.Output);
        var demo = CliProcess.Run(["demo", "--quick", "--train-count", "120", "--size", "64", "--out", Path.Combine(_dir, "demo")]);
        Assert.True(demo.ExitCode == 0, demo.Output);

        Assert.Equal(SummaryResults.Of(Path.Combine(_dir, "demo")), SummaryResults.Of(Path.Combine(_dir, "run")));
        Assert.Contains("\"kind\":\"background\"", SummaryResults.Of(Path.Combine(_dir, "run")));
    }
}
