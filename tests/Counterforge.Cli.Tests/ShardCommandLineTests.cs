namespace Counterforge.Cli.Tests;

/// <summary>--shard I/N on the command line: what it refuses, and why, before anything is written.</summary>
public sealed class ShardCommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-shard-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_shard_outside_its_count_is_refused_saying_what_is_expected()
    {
        var result = CliProcess.Run(["generate", "--shard", "4/4", "--out", Path.Combine(_dir, "run")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--shard '4/4'", result.Output);
        Assert.Contains("counts from 0 to 3", result.Output);
    }

    [Fact]
    public void A_shard_needs_a_run_whose_settings_it_runs_with()
    {
        var run = Path.Combine(_dir, "run");
        var result = CliProcess.Run(["generate", "--shard", "0/2", "--out", run]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("holds no run (no run.json)", result.Output);
        Assert.Contains($"counterforge settings --out {run}", result.Output);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("report")]
    [InlineData("run")]
    public void Verbs_that_need_every_item_at_once_do_not_take_a_shard(string verb)
    {
        var result = CliProcess.Run([verb, "--shard", "0/2", "--out", Path.Combine(_dir, "run")]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--shard", result.Output);
    }

    [Fact]
    public void A_shard_changes_no_setting_and_says_how_to_record_one()
    {
        var data = Path.Combine(_dir, "data");
        Assert.Equal(0, CliProcess.Run(["scenes", "make", "--out", data, "--count", "12", "--size", "32", "--seed", "2"]).ExitCode);
        var run = Path.Combine(_dir, "run");
        var recorded = CliProcess.Run(["settings", "--data", data, "--arch", "small-cnn", "--image-size", "32", "--seed", "2", "--out", run]);
        Assert.True(recorded.ExitCode == 0, recorded.Output);

        var result = CliProcess.Run(["generate", "--shard", "1/2", "--editor", "composite", "--out", run]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--shard 1/2: --editor", result.Output);
        Assert.Contains($"`counterforge settings --out {run}`", result.Output);
    }
}
