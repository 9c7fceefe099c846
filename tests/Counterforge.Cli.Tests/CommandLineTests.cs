namespace Counterforge.Cli.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("texture:0.9")]
    [InlineData("background:1.5")]
    [InlineData("background")]
    public void A_bad_shortcut_is_refused_with_the_expected_form(string shortcut)
    {
        var result = CliProcess.Run(["scenes", "make", "--out", _dir, "--shortcut", shortcut]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("KIND:P", result.Output);
    }

    [Fact]
    public void Scenes_make_writes_a_manifest_with_every_split()
    {
        var result = CliProcess.Run(["scenes", "make", "--out", _dir, "--count", "40", "--size", "32", "--shortcut", "color:0.9", "--seed", "3"]);
        Assert.True(result.ExitCode == 0, result.Output);
        var manifest = File.ReadAllText(Path.Combine(_dir, "manifest.jsonl"));
        foreach (var split in new[] { "\"train\"", "\"val\"", "\"test\"", "\"test-balanced\"", "\"extra\"" })
            Assert.Contains(split, manifest);
    }

    [Fact]
    public void A_run_folder_is_never_resumed_with_settings_its_results_were_not_made_with()
    {
        var run = Path.Combine(_dir, "run");
        Directory.CreateDirectory(run);
        Core.Runs.Json.WriteFile(Path.Combine(run, "run.json"), Options.DemoPreset.Create(quick: true, seed: 9));
        File.WriteAllText(Path.Combine(run, "samples.jsonl"), ""); // the dataset was indexed with seed 9's split
        var result = CliProcess.Run(["demo", "--quick", "--out", run]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--seed '1' contradicts '9'", result.Output);
        Assert.Contains("samples.jsonl", result.Output);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("train")]
    public void An_unknown_precision_is_refused_naming_the_known_ones(string verb)
    {
        var result = CliProcess.Run([verb, "--precision", "fp16", "--out", Path.Combine(_dir, "run")]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("fp16", result.Output);
        Assert.Contains("bf16", result.Output);
        Assert.False(File.Exists(Path.Combine(_dir, "run", "run.json")), "nothing should be recorded for a refused command");
    }

    [Theory]
    [InlineData("train", "--lp-ft-epochs 2", "--lp-ft-epochs|--linear-probe")] // fine-tuning after a probe, without the probe
    [InlineData("run", "--candidates 0", "--candidates 0")]
    public void A_setting_that_cannot_work_is_refused_before_any_training(string verb, string setting, string expected)
    {
        var data = Path.Combine(_dir, "data");
        Assert.Equal(0, CliProcess.Run(["scenes", "make", "--out", data, "--count", "40", "--size", "32"]).ExitCode);
        var result = CliProcess.Run([verb, "--data", data, "--arch", "resnet18", .. setting.Split(' '), "--image-size", "32", "--out", Path.Combine(_dir, "run")]);
        Assert.Equal(1, result.ExitCode);
        foreach (var fragment in expected.Split('|')) Assert.Contains(fragment, result.Output);
        Assert.False(File.Exists(Path.Combine(_dir, "run", "models", "resnet18-baseline.safetensors")));
    }

    [Fact]
    public void Every_command_explains_itself_with_an_example()
    {
        var demo = CliProcess.Run(["demo", "--help"]);
        Assert.Contains("counterforge demo --quick", demo.Output);
        var scenes = CliProcess.Run(["scenes", "make", "--help"]);
        Assert.Contains("counterforge scenes make --out", scenes.Output);
    }

    [Fact]
    public void A_parse_error_is_said_in_words_with_one_line_on_where_the_help_is_not_the_whole_help()
    {
        var result = CliProcess.Run(["train", "--seed", "abc", "--out", Path.Combine(_dir, "run")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'abc' for option '--seed' (expected a whole number)", result.Output);
        Assert.Contains("Run 'counterforge train --help' for the options.", result.Output);
        Assert.DoesNotContain("Usage:", result.Output);
        Assert.DoesNotContain("System.", result.Output);
    }

    [Fact]
    public void A_mistyped_verb_gets_the_verb_it_was_meant_to_be()
    {
        var result = CliProcess.Run(["stress", "--out", Path.Combine(_dir, "run")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'stress' is not a counterforge verb", result.Output);
        Assert.Contains("Did you mean: counterforge stress-test?", result.Output);
    }

    [Fact]
    public void The_shortcut_default_is_shown_as_it_is_written()
    {
        var help = CliProcess.Run(["demo", "--help"]).Output;
        Assert.Contains("[default: background:0.95]", help);
        Assert.DoesNotContain("ShortcutInfo", help);
    }

    [Theory]
    [InlineData("stress-test")]
    [InlineData("reinforce")]
    [InlineData("report")]
    public void Verbs_after_the_dataset_is_indexed_do_not_offer_dataset_options(string verb)
    {
        var help = CliProcess.Run([verb, "--help"]).Output;
        foreach (var option in new[] { "--data", "--masks", "--backgrounds", "--classes" }) Assert.DoesNotContain(option + " ", help);
    }

    [Fact]
    public void A_wrong_background_bank_is_refused_by_the_first_verb_that_is_given_it()
    {
        var result = CliProcess.Run(["train", "--data", _dir, "--backgrounds", Path.Combine(_dir, "no-bank"), "--out", Path.Combine(_dir, "run")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-bank", result.Output);
        Assert.Contains("does not exist", result.Output);
    }

    [Fact]
    public void A_missing_dataset_is_said_not_to_exist()
    {
        var result = CliProcess.Run(["train", "--data", Path.Combine(_dir, "photos"), "--out", Path.Combine(_dir, "run")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--data", result.Output);
        Assert.Contains("does not exist", result.Output);
    }
}
