using Counterforge.Core.Classification;
using Counterforge.Core.Pipeline;

namespace Counterforge.Cli.Demo;

/// <param name="LinearProbe">Baseline trains only the head on the frozen backbone (a pretrained model); otherwise every weight.</param>
/// <param name="Budgets">K values, as numbers of added images.</param>
internal sealed record DemoModel(string Architecture, bool LinearProbe, TrainingOptions Baseline, TrainingOptions FineTune, IReadOnlyList<int> Budgets);

/// <summary>Everything that determines a demo's results; stored in run.json, and a re-run on the same folder must match it.</summary>
internal sealed record DemoSettings(
    bool Quick,
    int Seed,
    ShortcutInfo Shortcut,
    int TrainCount,
    int ImageSize,
    int StressSources,
    int EditsPerKind,
    double MinimumEffect,
    IReadOnlyList<DemoModel> Models)
{
    public const string PretrainedArchitecture = "resnet18-pretrained";
    public const string ScratchArchitecture = "resnet18";

    /// <summary>
    /// Quick: the pretrained backbone only (its baseline is a linear probe, so no backbone training), K = 5 % of train.
    /// Full: also ResNet-18 trained from scratch, with K swept over 1, 5, 10 and 25 % of train.
    /// </summary>
    public static DemoSettings Preset(bool quick, int seed, ShortcutInfo shortcut, int? trainCount, int? imageSize, int? epochs, IReadOnlyList<string>? architectures,
        int? fineTuneEpochs = null, double? fineTuneLearningRate = null, double? minimumEffect = null)
    {
        int train = trainCount ?? (quick ? 800 : 2000);
        int size = imageSize ?? 64;
        int Percent(double p) => Math.Max(1, (int)Math.Round(train * p / 100));
        var fineTune = new TrainingOptions(Epochs: fineTuneEpochs ?? 2, BatchSize: 64, LearningRate: fineTuneLearningRate ?? 0.001, Seed: seed, FreezeNormalization: true);
        var pretrained = new DemoModel(PretrainedArchitecture, LinearProbe: true,
            Baseline: new TrainingOptions(Epochs: 0, Seed: seed), FineTune: fineTune, Budgets: [Percent(5)]);
        var scratchEpochs = epochs ?? (quick ? 6 : 15);
        DemoModel Scratch(string arch) => new(arch, LinearProbe: false,
            Baseline: new TrainingOptions(Epochs: scratchEpochs, BatchSize: 64, LearningRate: 0.05, Seed: seed),
            // A network trained here from scratch fine-tunes like it trained: batch-norm statistics adapt, a larger step.
            FineTune: fineTune with { LearningRate = fineTuneLearningRate ?? 0.01, FreezeNormalization = false },
            Budgets: quick ? [Percent(5)] : [Percent(1), Percent(5), Percent(10), Percent(25)]);

        var chosen = architectures is { Count: > 0 } ? architectures : (quick ? [PretrainedArchitecture] : [PretrainedArchitecture, ScratchArchitecture]);
        var models = chosen.Select(a => a == PretrainedArchitecture ? pretrained with { Budgets = quick ? pretrained.Budgets : [Percent(1), Percent(5), Percent(10)] } : Scratch(a)).ToList();
        return new DemoSettings(quick, seed, shortcut, train, size, StressSources: quick ? 200 : 400, EditsPerKind: quick ? 2 : 3,
            MinimumEffect: minimumEffect ?? Core.Analysis.StressTest.DefaultMinimumEffect, models);
    }
}
