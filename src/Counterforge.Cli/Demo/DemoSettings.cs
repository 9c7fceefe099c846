using Counterforge.Core.Classification;
using Counterforge.Core.Pipeline;
using Counterforge.Vision;

namespace Counterforge.Cli.Demo;

/// <param name="LinearProbe">The baseline's head is first fitted on the frozen backbone (a pretrained model); every weight then
/// trains for <c>Baseline.Epochs</c> (none: a linear probe).</param>
/// <param name="Budgets">K values, as numbers of added images.</param>
internal sealed record DemoModel(string Architecture, bool LinearProbe, TrainingOptions Baseline, TrainingOptions FineTune, IReadOnlyList<int> Budgets);

/// <summary>Everything that determines a demo's results; stored in run.json, and a re-run on the same folder must match it.</summary>
/// <param name="Precision">fp32 or bf16 (what <c>auto</c> resolved to on the machine that started the run).</param>
/// <param name="TargetedCandidates">Counterfactuals made per targeted image; the baseline's hardest are kept (LoopConfig).</param>
internal sealed record DemoSettings(
    bool Quick,
    int Seed,
    ShortcutInfo Shortcut,
    int TrainCount,
    int ImageSize,
    int StressSources,
    int EditsPerKind,
    double MinimumEffect,
    string Precision,
    int TargetedCandidates,
    IReadOnlyList<DemoModel> Models,
    string Editor = DemoSettings.ExactEditor,
    bool KeepSourceDetail = false)
{
    /// <summary>The scenes renderer (exact counterfactuals); any diffusion editor name runs on the shipped miniature model set.</summary>
    public const string ExactEditor = "scene";

    public const string PretrainedArchitecture = "resnet18-pretrained";
    public const string ScratchArchitecture = "resnet18";
    public static readonly IReadOnlyList<string> PretrainedFrozenModules = ["conv1", "bn1", "layer1"];

    /// <summary>
    /// Quick: the pretrained backbone only, at 128 px (at 64 px its ImageNet features barely encode these shapes), 400 train
    /// images, one edit per kind; its baseline is a linear probe followed by a short fine-tune of every weight (LP-FT), so
    /// reinforcement measures what the added images do, not what a first fine-tune does; K = 5 % of train.
    /// Full: 64 px, the pretrained backbone as a linear probe and ResNet-18 trained from scratch, K swept over 1–25 % of train.
    /// The pretrained model's reinforcing fine-tune leaves its stem and first stage as they are (surgical fine-tuning: a
    /// shortcut lives in what the later layers make of the image, and the time saved pays for a third epoch); a network
    /// trained here from scratch has no general early filters to keep, so all of it trains.
    /// </summary>
    public static DemoSettings Preset(bool quick, int seed, ShortcutInfo shortcut, int? trainCount, int? imageSize, int? epochs, IReadOnlyList<string>? architectures,
        int? fineTuneEpochs = null, double? fineTuneLearningRate = null, double? minimumEffect = null, string precision = ComputePrecisions.Auto)
    {
        int train = trainCount ?? (quick ? 400 : 2000);
        int size = imageSize ?? (quick ? 128 : 64);
        int Percent(double p) => Math.Max(1, (int)Math.Round(train * p / 100));
        var fineTune = new TrainingOptions(Epochs: fineTuneEpochs ?? 3, BatchSize: 64, LearningRate: fineTuneLearningRate ?? 0.001, Seed: seed,
            FreezeNormalization: true, FrozenModules: PretrainedFrozenModules);
        var probeThenFineTune = new TrainingOptions(Epochs: 2, BatchSize: 64, LearningRate: 0.003, Seed: seed, FreezeNormalization: true);
        var pretrained = new DemoModel(PretrainedArchitecture, LinearProbe: true,
            Baseline: quick ? probeThenFineTune : new TrainingOptions(Epochs: 0, Seed: seed), FineTune: fineTune, Budgets: [Percent(5)]);
        var scratchEpochs = epochs ?? (quick ? 6 : 15);
        DemoModel Scratch(string arch) => new(arch, LinearProbe: false,
            Baseline: new TrainingOptions(Epochs: scratchEpochs, BatchSize: 64, LearningRate: 0.05, Seed: seed),
            // A network trained here from scratch fine-tunes like it trained: batch-norm statistics adapt, a larger step.
            FineTune: fineTune with { Epochs = fineTuneEpochs ?? 2, LearningRate = fineTuneLearningRate ?? 0.01, FreezeNormalization = false, FrozenModules = null },
            Budgets: quick ? [Percent(5)] : [Percent(1), Percent(5), Percent(10), Percent(25)]);

        var chosen = architectures is { Count: > 0 } ? architectures : (quick ? [PretrainedArchitecture] : [PretrainedArchitecture, ScratchArchitecture]);
        var models = chosen.Select(a => a == PretrainedArchitecture ? pretrained with { Budgets = quick ? pretrained.Budgets : [Percent(1), Percent(5), Percent(10)] } : Scratch(a)).ToList();
        return new DemoSettings(quick, seed, shortcut, train, size, StressSources: quick ? 200 : 400, EditsPerKind: quick ? 1 : 3,
            MinimumEffect: minimumEffect ?? Core.Analysis.StressTest.DefaultMinimumEffect,
            ComputePrecisions.NameOf(ComputePrecisions.Parse(precision)), TargetedCandidates: 5, models);
    }
}
