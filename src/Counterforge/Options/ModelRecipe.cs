using Counterforge.Core.Classification;
using Counterforge.Vision;

namespace Counterforge.Options;

/// <summary>A model's recipe with every "auto" value resolved: how its baseline trains and how the repair fine-tunes it.</summary>
public sealed record ModelRecipe(bool LinearProbe, TrainingOptions Baseline, TrainingOptions FineTune, int ImageSize)
{
    /// <summary>The stem and first stage of a ResNet: general filters a repair of a pretrained network has no reason to touch.</summary>
    public static readonly IReadOnlyList<string> ResNetStem = ["conv1", "bn1", "layer1"];

    public const int DefaultImageSize = 224;

    /// <summary>Epochs of the full fine-tune of a network trained here from scratch or given as trained weights (a pretrained
    /// backbone fitted here with a linear probe takes <see cref="ProbedFineTuneEpochs"/>).</summary>
    public const int FineTuneEpochs = 10;

    /// <summary>Epochs of the full fine-tune of a pretrained backbone this run fitted with a linear probe.</summary>
    public const int ProbedFineTuneEpochs = 3;

    /// <summary>A pretrained backbone, or one taken from given weights under a new head, is fitted with a linear probe first.</summary>
    public static bool UsesLinearProbe(ModelOptions model) =>
        model.LinearProbe ?? (model.Architecture == ClassifierRegistry.ResNet18Pretrained && model.Weights is null || model.NewHead);

    /// <param name="nativeImageSize">The images' own size when the data says it (the scenes world), else null.</param>
    public static ModelRecipe Of(ModelOptions model, int seed, int? nativeImageSize)
    {
        bool probe = UsesLinearProbe(model);
        // A given or pretrained network already knows good features: the repair keeps its statistics and its stem.
        bool pretrained = probe || model.Weights is not null;
        var baseline = probe
            ? new TrainingOptions(model.ProbeFineTuneEpochs ?? 2, model.BatchSize, model.ProbeFineTuneLearningRate, Seed: seed, FreezeNormalization: true)
            : new TrainingOptions(model.Epochs, model.BatchSize, model.LearningRate, Seed: seed);
        bool resNet = model.Architecture.StartsWith("resnet", StringComparison.Ordinal) || model.Architecture.StartsWith("resnext", StringComparison.Ordinal)
                      || model.Architecture.StartsWith("wide_resnet", StringComparison.Ordinal);
        // A network trained here from scratch leaves its originals behind early in a fine-tune and recovers them later: at
        // α = 1 it had lost 10-20 points of validation originals after two epochs, 4-9 after five, 4 after ten, while
        // reading more counterfactuals each time; ten closed the most (dataset (b), docs/repair.md). A given network, at
        // its cautious rate, also closed more in ten epochs than in three on every seed (dataset (b) trained in PyTorch).
        var fineTune = new TrainingOptions(
            model.FineTuneEpochs ?? (probe ? ProbedFineTuneEpochs : FineTuneEpochs), model.BatchSize, model.FineTuneLearningRate ?? (pretrained ? 0.001 : 0.01), Seed: seed,
            FreezeNormalization: pretrained,
            FrozenModules: model.FineTuneFrozenModules ?? (pretrained && resNet ? ResNetStem : null));
        return new ModelRecipe(probe, baseline, fineTune, model.ImageSize ?? nativeImageSize ?? DefaultImageSize);
    }
}
