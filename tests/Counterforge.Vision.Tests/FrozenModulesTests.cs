using Counterforge.Core.Classification;

namespace Counterforge.Vision.Tests;

/// <summary>Fine-tuning with the early modules frozen (surgical fine-tuning): they keep every bit, the rest learns.</summary>
public sealed class FrozenModulesTests : IDisposable
{
    private static readonly string[] TwoClasses = ["horizontal", "vertical"];
    private static readonly string[] Stem = ["conv1", "bn1", "layer1"];
    private readonly TestImages images = new();

    private static TorchClassifier Create(ComputePrecision precision) =>
        ClassifierRegistry.Create(new ClassifierOptions(ClassifierRegistry.ResNet18, TwoClasses) { Seed = 2, ImageSize = 32, Precision = precision });

    private static bool InStem(string name) => Stem.Contains(name.Split('.')[0]);

    [Theory]
    [InlineData(ComputePrecision.Float32)]
    [InlineData(ComputePrecision.BFloat16)]
    public void Frozen_modules_keep_every_weight_while_the_later_ones_train(ComputePrecision precision)
    {
        using var classifier = Create(precision);
        var before = WeightSnapshot.Of(classifier);
        // Weight decay on: a frozen weight must not even shrink.
        classifier.Train(images.StripeSet(16), new TrainingOptions(Epochs: 1, BatchSize: 8, LearningRate: 0.05, WeightDecay: 5e-4, FreezeNormalization: true, FrozenModules: Stem));
        var after = WeightSnapshot.Of(classifier);

        var frozenKeys = before.Keys.Where(InStem).ToList();
        Assert.Contains("layer1.1.conv2.weight", frozenKeys);
        foreach (var key in frozenKeys) Assert.True(before[key].SequenceEqual(after[key]), $"{key} changed although frozen");
        foreach (var key in new[] { "layer2.0.conv1.weight", "layer4.1.conv2.weight", "fc.weight" })
            Assert.False(before[key].SequenceEqual(after[key]), $"{key} did not train");
    }

    [Fact]
    public void Freezing_the_early_modules_freezes_the_stem_and_first_stage_the_network_names()
    {
        using var classifier = Create(ComputePrecision.Float32);
        var before = WeightSnapshot.Of(classifier);
        classifier.Train(images.StripeSet(16), new TrainingOptions(Epochs: 1, BatchSize: 8, LearningRate: 0.05, FreezeNormalization: true, FreezeEarlyModules: true));
        var after = WeightSnapshot.Of(classifier);
        Assert.True(before["layer1.1.conv2.weight"].SequenceEqual(after["layer1.1.conv2.weight"]));
        Assert.True(before["conv1.weight"].SequenceEqual(after["conv1.weight"]));
        Assert.False(before["layer2.0.conv1.weight"].SequenceEqual(after["layer2.0.conv1.weight"]));
        Assert.Throws<ArgumentException>(() => classifier.Train(images.StripeSet(4), new TrainingOptions(Epochs: 1, HeadOnly: true, FreezeEarlyModules: true)));
    }

    /// <summary>What the repair's recipe freezes in a probed backbone is read from the network: a ResNet's stem and first stage,
    /// under any name the registry gives it, and nothing for a layout without stages.</summary>
    [Theory]
    [InlineData(ClassifierRegistry.ResNet18Pretrained, true)]
    [InlineData(ClassifierRegistry.ResNet18PretrainedAlias, true)]
    [InlineData(ClassifierRegistry.ResNet18, true)]
    [InlineData("resnet50", true)]
    [InlineData("resnext50_32x4d", true)]
    [InlineData(ClassifierRegistry.SmallCnn, false)]
    [InlineData("vgg11_bn", false)]
    [InlineData("mobilenet_v2", false)]
    [InlineData("googlenet", false)]
    public void The_early_modules_are_a_resnets_stem_and_first_stage_and_nothing_elsewhere(string architecture, bool resNet)
    {
        using var classifier = ClassifierRegistry.Create(architecture, TwoClasses, seed: 1, imageSize: 64);
        Assert.Equal(resNet ? Stem : [], classifier.EarlyModules);
    }

    [Fact]
    public void A_later_training_without_frozen_modules_trains_them_again()
    {
        using var classifier = Create(ComputePrecision.Float32);
        var data = images.StripeSet(16);
        classifier.Train(data, new TrainingOptions(Epochs: 1, BatchSize: 8, LearningRate: 0.05, FrozenModules: Stem));
        var before = WeightSnapshot.Of(classifier);
        classifier.Train(data, new TrainingOptions(Epochs: 1, BatchSize: 8, LearningRate: 0.05));
        Assert.False(before["conv1.weight"].SequenceEqual(WeightSnapshot.Of(classifier)["conv1.weight"]));
    }

    [Fact]
    public void Frozen_training_is_deterministic()
    {
        Dictionary<string, float[]> Run()
        {
            using var classifier = Create(ComputePrecision.BFloat16);
            classifier.Train(images.StripeSet(16), new TrainingOptions(Epochs: 1, BatchSize: 8, LearningRate: 0.05, Seed: 4, FrozenModules: Stem));
            return WeightSnapshot.Of(classifier);
        }
        var first = Run();
        var second = Run();
        foreach (var key in first.Keys) Assert.True(first[key].SequenceEqual(second[key]), $"{key} differs between identical runs");
    }

    [Fact]
    public void An_unknown_module_is_refused_with_the_ones_that_exist()
    {
        using var classifier = Create(ComputePrecision.Float32);
        var error = Assert.Throws<ArgumentException>(() =>
            classifier.Train(images.StripeSet(4), new TrainingOptions(Epochs: 1, FrozenModules: ["conv1", "layer9"])));
        Assert.Contains("'layer9'", error.Message);
        Assert.Contains("layer4", error.Message);
    }

    [Fact]
    public void Freezing_everything_or_freezing_during_head_only_training_is_refused()
    {
        using var classifier = Create(ComputePrecision.Float32);
        string[] all = ["conv1", "bn1", "layer1", "layer2", "layer3", "layer4", "fc"];
        var everything = Assert.Throws<ArgumentException>(() => classifier.Train(images.StripeSet(4), new TrainingOptions(Epochs: 1, FrozenModules: all)));
        Assert.Contains("nothing would train", everything.Message);
        var headOnly = Assert.Throws<ArgumentException>(() => classifier.Train(images.StripeSet(4), new TrainingOptions(Epochs: 1, HeadOnly: true, FrozenModules: Stem)));
        Assert.Contains("head-only", headOnly.Message);
    }

    public void Dispose() => images.Dispose();
}
