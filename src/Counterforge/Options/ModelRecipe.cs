using Counterforge.Core.Classification;
using Counterforge.Vision;

namespace Counterforge.Options;

/// <summary>A model's recipe with every "auto" value resolved: how its baseline trains and how the repair fine-tunes it.</summary>
public sealed record ModelRecipe(bool LinearProbe, TrainingOptions Baseline, TrainingOptions FineTune, int ImageSize)
{
    public const int DefaultImageSize = 224;

    /// <summary>Epochs of the full fine-tune of a network trained here from scratch or given as trained weights (a pretrained
    /// backbone fitted here with a linear probe takes <see cref="ProbedFineTuneEpochs"/>).</summary>
    public const int FineTuneEpochs = 10;

    /// <summary>Epochs of the full fine-tune of a pretrained backbone this run fitted with a linear probe.</summary>
    public const int ProbedFineTuneEpochs = 3;

    /// <summary>A pretrained backbone, or one taken from given weights under a new head, is fitted with a linear probe first.</summary>
    public static bool UsesLinearProbe(ModelOptions model) =>
        model.LinearProbe ?? (ClassifierRegistry.Canonical(model.Architecture) == ClassifierRegistry.ResNet18Pretrained && model.Weights is null || model.NewHead);

    /// <param name="nativeImageSize">The images' own size when the data says it (the scenes world), else null.</param>
    public static ModelRecipe Of(ModelOptions model, int seed, int? nativeImageSize)
    {
        bool probe = UsesLinearProbe(model);
        var baseline = probe
            ? new TrainingOptions(model.ProbeFineTuneEpochs ?? 2, model.BatchSize, model.ProbeFineTuneLearningRate, Seed: seed, FreezeNormalization: true)
            : new TrainingOptions(model.Epochs, model.BatchSize, model.LearningRate, Seed: seed);
        // A pretrained backbone fitted here by a linear probe holds general features the repair has no reason to move: it
        // keeps their statistics and its early modules (a ResNet's stem and first stage), which only the network can name.
        // A network trained on the task itself, here or elsewhere, is fine-tuned as a whole, with batch-norm statistics
        // adapting: a network trained here from scratch left its originals early in the fine-tune and recovered them later
        // (after two epochs it had lost 10-20 points of validation originals, 4 after ten, while reading more counterfactuals
        // each time; dataset (b), docs/repair.md), and a ResNet-18 trained in PyTorch kept 1-4 points more of its validation
        // originals at α = 1 with this recipe than with lr 0.001, statistics kept and stem frozen, reading as many
        // counterfactuals. Where it diverges, FineTuneLadder retries with a tenth of the rate and statistics kept, then the
        // stem frozen too.
        var fineTune = new TrainingOptions(
            model.FineTuneEpochs ?? (probe ? ProbedFineTuneEpochs : FineTuneEpochs), model.BatchSize, model.FineTuneLearningRate ?? (probe ? 0.001 : 0.01), Seed: seed,
            FreezeNormalization: model.FineTuneKeepsNormalization ?? probe,
            FrozenModules: model.FineTuneFrozenModules, FreezeEarlyModules: probe && model.FineTuneFrozenModules is null);
        return new ModelRecipe(probe, baseline, fineTune, model.ImageSize ?? nativeImageSize ?? DefaultImageSize);
    }
}
