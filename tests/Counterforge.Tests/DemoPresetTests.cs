using Counterforge.Core.Reinforcement;
using Counterforge.Options;

namespace Counterforge.Tests;

/// <summary>The demo's settings with a diffusion editor, and the generative settings that only DiffEdit takes.</summary>
public sealed class DemoPresetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-preset-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_diffusion_editor_gets_three_edits_per_kind_25_steps_and_ten_fine_tune_epochs_and_the_exact_editor_keeps_the_quick_preset()
    {
        var exact = DemoPreset.Create(quick: true);
        var diffedit = DemoPreset.Create(quick: true, editor: "diffedit", keepSourceDetail: true, protectSubject: true);
        Assert.Equal((1, null, "none"), (exact.Edits.EditsPerKind, exact.Generation.Steps, exact.Generation.Filter));
        Assert.Equal((3, 25, "oracle"), (diffedit.Edits.EditsPerKind, diffedit.Generation.Steps, diffedit.Generation.Filter));
        Assert.True(diffedit.Generation.ProtectSubject && diffedit.Generation.KeepSourceDetail);
        Assert.Equal((null, 10), (exact.Models[0].FineTuneEpochs, diffedit.Models[0].FineTuneEpochs));
        Assert.Equal(6, DemoPreset.Create(quick: true, editor: "diffedit", fineTuneEpochs: 6).Models[0].FineTuneEpochs);
        Assert.Null(DemoPreset.Create(quick: false, editor: "diffedit").Generation.Steps);
        Assert.Equal((BlendChoice.Best, BlendChoice.Strongest), (exact.Reinforcement.BlendRule, diffedit.Reinforcement.BlendRule));
    }

    [Fact]
    public void An_unknown_blend_rule_is_refused_before_anything_runs()
    {
        var options = DemoPreset.Create(quick: true);
        options = options with { Reinforcement = options.Reinforcement with { BlendRule = "greatest" } };
        var error = Assert.Throws<ArgumentException>(() => CounterforgePipeline.Open(Path.Combine(_dir, "run"), options));
        Assert.Contains("--blend greatest: one of best, strongest", error.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "run", "run.json")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sdedit")]
    public void Keeping_the_subject_with_another_editor_is_refused_before_anything_runs(string? editor)
    {
        var options = DemoPreset.Create(quick: true, editor: editor, protectSubject: true);
        var error = Assert.Throws<ArgumentException>(() => CounterforgePipeline.Open(Path.Combine(_dir, "run"), options));
        Assert.Contains("--protect-subject is a DiffEdit setting", error.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "run", "run.json")));
    }
}
