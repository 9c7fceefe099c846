using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Reinforcement;
using Counterforge.Options;

namespace Counterforge.Tests;

/// <summary>The whole method in process through the library: a run, a run cancelled mid-stage and finished later, a user's own method.</summary>
[Trait("Category", "Slow")]
public sealed class PipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_run_finds_the_planted_shortcut_and_a_cancelled_run_reopened_ends_with_the_same_numbers()
    {
        RunResult straight;
        using (var pipeline = CounterforgePipeline.Open(Path.Combine(_dir, "straight"), TinyWorld.Options()))
            straight = await pipeline.RunAsync();
        Assert.Contains("background", straight.Weaknesses);
        Assert.True(File.Exists(straight.ReportPath));
        Assert.Contains(straight.Summary.Reinforcement, r => r.Method == ReinforcementRow.Methods.Full && r.Selection == ReinforcementRow.Selections.Targeted);
        // The ceiling of a last-layer repair, measured once beside the rows, with every validation image of the flagged kind.
        var ceiling = Assert.IsType<FeatureCeiling>(straight.Summary.Models[0].FeatureCeiling);
        Assert.True(ceiling.NOriginals > 0 && ceiling.NCounterfactuals > 0);
        Assert.InRange(ceiling.AccCf, 0, 1);
        Assert.True(File.Exists(Path.Combine(_dir, "straight", "reinforcement", $"{straight.Summary.Model}.feature-ceiling.json")));

        var folder = Path.Combine(_dir, "cancelled");
        using var cancel = new CancellationTokenSource();
        // Cancelled in the middle of generating the test counterfactuals, as a user's Ctrl+C would.
        var progress = new Watcher(e =>
        {
            if (e is { Kind: StageEventKind.Advanced, Stage: "Counterfactuals (test)", Done: > 0 }) cancel.Cancel();
        });
        using (var pipeline = CounterforgePipeline.Open(folder, TinyWorld.Options()))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.RunAsync(progress, cancel.Token));
        Assert.True(cancel.IsCancellationRequested);
        Assert.False(File.Exists(Path.Combine(folder, "summary.json")));

        RunResult resumed;
        using (var pipeline = CounterforgePipeline.Open(folder, TinyWorld.Options()))
            resumed = await pipeline.RunAsync();
        Assert.Equal(TinyWorld.Results(straight.SummaryPath), TinyWorld.Results(resumed.SummaryPath));
    }

    /// <summary>A method from outside the library: it keeps the baseline as it is (its rows must then close nothing).</summary>
    private sealed class KeepTheBaseline : IReinforcementMethod
    {
        public string Name => "keep-the-baseline";

        public bool Accepts(ISelection selection) => !selection.FromValidation;

        public Task<Repair> RepairAsync(ReinforcementContext context, AddedImages added, string selection, int k, CancellationToken cancel = default) =>
            Task.FromResult(new Repair(context.Judge.JudgeEach(images => context.Features.Probabilities(images, context.Baseline.Head), context.TargetKinds),
                Note: $"kept the baseline; {added.Images.Count} images offered"));
    }

    [Fact]
    public async Task A_reinforcement_method_registered_from_outside_runs_like_a_built_in_one()
    {
        var registries = new Backends.CounterforgeRegistries();
        registries.Reinforcement.Methods.Register("keep-the-baseline", () => new KeepTheBaseline());
        var options = TinyWorld.Options() with
        {
            Reinforcement = new ReinforcementOptions { Methods = ["keep-the-baseline", "last-layer"], Selections = ["random", "targeted"] },
        };
        using var pipeline = CounterforgePipeline.Open(Path.Combine(_dir, "own"), options, registries);
        var result = await pipeline.RunAsync();

        var rows = result.Summary.Reinforcement;
        Assert.Equal(["none", "keep-the-baseline", "last-layer", "keep-the-baseline", "last-layer"], rows.Select(r => r.Method));
        Assert.All(rows.Where(r => r.Method == "keep-the-baseline"), r =>
        {
            Assert.Equal(0, r.GapClosed, 6);
            Assert.StartsWith("kept the baseline", r.Note);
            Assert.Equal(0, r.RepairOnCounterfactuals!.Fixed + r.RepairOnCounterfactuals.Broken);
        });
        // Every repaired row carries its ratio's interval; a model that changes nothing closes a gap whose interval holds 0.
        Assert.All(rows.Where(r => r.K > 0), r => Assert.NotNull(r.GapClosedCi));
        Assert.All(rows.Where(r => r.Method == "keep-the-baseline" && r.GapClosedCi!.GapSignificant), r => Assert.InRange(0, r.GapClosedCi!.Low, r.GapClosedCi.High));
    }

    [Fact]
    public async Task Beside_another_editor_every_row_is_judged_on_the_exact_renderers_images_of_the_same_test_edits_too()
    {
        // A second name for the exact renderer: to the pipeline it is "another editor", so the renderer is its reference, and
        // both make the same images: every accuracy on the reference images must equal the one on the generated images.
        var registries = new Backends.CounterforgeRegistries();
        registries.Editors.Register("renderer-twin", _ => new Scenes.SceneEditor());
        var options = TinyWorld.Options() with
        {
            Generation = new GenerationOptions(Editor: "renderer-twin"),
            Reinforcement = new ReinforcementOptions { Methods = ["last-layer", "tuned-head", "consistency"], Selections = ["targeted"] },
        };
        var folder = Path.Combine(_dir, "twin");
        using var pipeline = CounterforgePipeline.Open(folder, options, registries);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await pipeline.RunAsync();
        // The run's stages are inside its own time: counted once, the wall time cannot exceed the call's.
        Assert.InRange(result.Summary.WallSeconds, 0, watch.Elapsed.TotalSeconds);

        var rows = result.Summary.Reinforcement;
        Assert.Equal(["none", "last-layer", "tuned-head", "consistency"], rows.Select(r => r.Method));
        Assert.All(rows, r =>
        {
            Assert.Equal(r.AccCf, r.AccCfReference!.Value, 9);
            Assert.Equal(r.GapClosed, r.GapClosedReference!.Value, 9);
        });
        Assert.True(rows[1].AccCfReference > rows[0].AccCfReference, "the targeted row repairs on the reference images too");
        // Each row records the counterfactuals it trained on, each with the original it was made from.
        Assert.All(rows.Skip(1), r =>
        {
            var added = Core.Runs.JsonlFile.ReadAll<Core.Reinforcement.AddedRecord>(Path.Combine(folder, r.Added!));
            Assert.Equal(r.K, added.Count);
            Assert.All(added, a => Assert.StartsWith(a.SourceId + "~", a.ImageId, StringComparison.Ordinal));
        });
        var references = Directory.GetFiles(Path.Combine(folder, "images", "reference"), "*.png");
        var tests = Core.Runs.JsonlFile.ReadAll<Core.Edits.Edit>(Path.Combine(folder, "edits.jsonl")).Count(e => !e.IsNull && e.SourceId.Contains("test", StringComparison.Ordinal));
        Assert.Equal(tests, references.Length);
        Assert.All(references, f => Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(folder, "images", "cf", Path.GetFileName(f)))));
        Assert.Contains("<th>gap closed, exact renders</th>", File.ReadAllText(Path.Combine(folder, "report.html")));
    }

    private sealed class Watcher(Action<StageEvent> report) : IProgress<StageEvent>
    {
        public void Report(StageEvent value) => report(value);
    }
}
