using Counterforge.Core.Classification;
using Counterforge.Core.Generation;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;
using Counterforge.Language;
using Counterforge.Scenes;

namespace Counterforge.Vision.Tests;

/// <summary>
/// The full fine-tune end to end through the reinforcement stage with a real network: the blend at α = 1 is the fine-tuned
/// network (its validation scores are those measured on that network itself), and a fine-tune that breaks the network is
/// detected, retried with a gentler recipe and reported in the row. In float32: a CPU without native bfloat16 emulates it and
/// takes ten minutes per test; that the blend's ends predict exactly what either network predicts in bfloat16 too is checked
/// on a small network (TorchClassifierTests).
/// </summary>
[Trait("Category", "Slow")]
public sealed class FullFineTuneStageTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const int Size = 32;
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-finetune-stage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<IReadOnlyList<ReinforcementRow>> Reinforce(TrainingOptions fineTune)
    {
        var run = new RunFolder(Path.Combine(_dir, $"run-lr{fineTune.LearningRate}"));
        var data = SceneDatasetMaker.Make(new SceneDatasetOptions(Path.Combine(_dir, "data"), 64) { ImageSize = Size, Seed = 2 }).Dataset;
        var components = new ModelRunBackends(
            () => ClassifierRegistry.Create(new ClassifierOptions(ClassifierRegistry.ResNet18, data.Classes) { Seed = 2, ImageSize = Size, Precision = ComputePrecision.Float32 }),
            () => new LexiconPerturber(SceneGrammar.Lexicon, 1, 2), () => new SceneEditor(Size), () => new AcceptAllFilter());
        var config = new ModelRunSettings(2, "resnet18", LinearProbeBaseline: false,
            new TrainingOptions(Epochs: 12, BatchSize: 16, LearningRate: 0.05, Seed: 2), fineTune,
            StressSources: 16, Budgets: [6], Methods: [ReinforcementRow.Methods.Full], ReinforceAnyway: true);
        using var stages = new ModelRun(run, data, components, config, StageProgress.Silent);
        var rows = (await stages.RunAsync()).Reinforcement.Where(r => r.Method == ReinforcementRow.Methods.Full).ToList();
        foreach (var row in rows) output.WriteLine(Json.Serialize(row with { Sweep = null }));
        return rows;
    }

    [Fact]
    public async Task The_blend_at_alpha_one_scores_what_the_fine_tuned_network_scores_on_its_own()
    {
        var rows = await Reinforce(new TrainingOptions(Epochs: 2, BatchSize: 16, LearningRate: 0.01, Seed: 2));
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var kept = row.FineTune!.Single(a => a.Kept);
            var atOne = row.Sweep!.Single(p => p.Alpha == 1.0);
            Assert.Equal((kept.ValAccOrig, kept.ValAccCf), (atOne.ValAccOrig, atOne.ValAccCf));
        }
        // The check has teeth only if some fine-tune moved the network away from the original's validation scores.
        Assert.Contains(rows, r => r.Sweep!.Single(p => p.Alpha == 1.0) is var one && r.Sweep![0] is var zero
            && (one.ValAccOrig, one.ValAccCf) != (zero.ValAccOrig, zero.ValAccCf));
    }

    [Fact]
    public async Task A_fine_tune_that_breaks_the_network_is_retried_gentler_and_the_row_says_so()
    {
        // A learning rate a hundred times too large: the network ends up guessing.
        var rows = await Reinforce(new TrainingOptions(Epochs: 2, BatchSize: 16, LearningRate: 1.0, Seed: 2));
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var first = row.FineTune![0];
            Assert.NotNull(first.Diverged);
            Assert.Equal(1.0, first.LearningRate);
            Assert.Equal(0.1, row.FineTune[1].LearningRate, 6);
            Assert.True(row.FineTune[1].KeepsNormalization);
            Assert.Contains("diverged", row.Note);
            Assert.Equal(1, row.FineTune.Count(a => a.Kept));
        }
    }
}
