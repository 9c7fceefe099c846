using Counterforge.Options;
using Counterforge.Vision;

namespace Counterforge.Tests;

/// <summary>How the repair's fine-tune is resolved when the user leaves it to the defaults.</summary>
public sealed class ModelRecipeTests
{
    [Fact]
    public void A_network_trained_on_the_task_here_or_given_fine_tunes_every_weight_faster_and_longer_than_a_probed_pretrained_one()
    {
        var scratch = ModelRecipe.Of(new ModelOptions { Architecture = ClassifierRegistry.ResNet18 }, seed: 1, nativeImageSize: 64).FineTune;
        var pretrained = ModelRecipe.Of(new ModelOptions { Architecture = ClassifierRegistry.ResNet18Pretrained }, seed: 1, nativeImageSize: 64).FineTune;
        var given = ModelRecipe.Of(new ModelOptions { Architecture = ClassifierRegistry.ResNet18, Weights = "model.pt" }, seed: 1, nativeImageSize: 64).FineTune;
        Assert.Equal((10, 0.01, false), (scratch.Epochs, scratch.LearningRate, scratch.FreezeNormalization));
        Assert.Equal((3, 0.001, true), (pretrained.Epochs, pretrained.LearningRate, pretrained.FreezeNormalization));
        Assert.Equal((10, 0.01, false), (given.Epochs, given.LearningRate, given.FreezeNormalization));
        Assert.Null(given.FrozenModules);
        var givenBackbone = ModelRecipe.Of(new ModelOptions { Architecture = ClassifierRegistry.ResNet18, Weights = "model.pt", NewHead = true }, seed: 1, nativeImageSize: 64).FineTune;
        Assert.Equal((3, 0.001, true), (givenBackbone.Epochs, givenBackbone.LearningRate, givenBackbone.FreezeNormalization));
        Assert.Null(givenBackbone.FrozenModules);
        Assert.True(givenBackbone.FreezeEarlyModules);
        Assert.False(given.FreezeEarlyModules);
        var unfrozen = ModelRecipe.Of(new ModelOptions { Architecture = ClassifierRegistry.ResNet18Pretrained, FineTuneFrozenModules = [] }, seed: 1, nativeImageSize: 64).FineTune;
        Assert.False(unfrozen.FreezeEarlyModules);
        var chosen = ModelRecipe.Of(new ModelOptions { Architecture = ClassifierRegistry.ResNet18, FineTuneEpochs = 2 }, seed: 1, nativeImageSize: 64).FineTune;
        Assert.Equal(2, chosen.Epochs);
        var keeping = ModelRecipe.Of(new ModelOptions { Architecture = ClassifierRegistry.ResNet18, Weights = "model.pt", FineTuneKeepsNormalization = true }, seed: 1, nativeImageSize: 64).FineTune;
        Assert.True(keeping.FreezeNormalization);
    }

    /// <summary>The default model's stem stayed trainable after its rename to mlnet-resnet18 (the name no longer began with
    /// "resnet"): its fine-tune then ran 1.3x longer per step than the documented recipe and repaired differently.</summary>
    [Theory]
    [InlineData(ClassifierRegistry.ResNet18Pretrained)]
    [InlineData(ClassifierRegistry.ResNet18PretrainedAlias)]
    public void The_pretrained_backbone_under_either_name_is_probed_and_fine_tuned_with_its_stem_and_statistics_kept(string name)
    {
        var model = new ModelOptions { Architecture = name };
        var fineTune = ModelRecipe.Of(model, seed: 1, nativeImageSize: 128).FineTune;
        Assert.True(ModelRecipe.UsesLinearProbe(model));
        Assert.True(fineTune.FreezeEarlyModules);
        Assert.True(fineTune.FreezeNormalization);
    }
}
