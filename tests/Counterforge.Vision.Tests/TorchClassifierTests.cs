using System.Diagnostics;
using Counterforge.Core.Classification;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Counterforge.Vision.Tests;

public sealed class TorchClassifierTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] TwoClasses = ["horizontal", "vertical"];
    private readonly TestImages images = new();

    [Theory]
    [InlineData(ClassifierRegistry.SmallCnn)]
    [InlineData(ClassifierRegistry.ResNet18)]
    [InlineData(ClassifierRegistry.ResNet18Pretrained)]
    public void Probabilities_equal_the_softmax_of_the_head_applied_to_the_features(string arch)
    {
        var paths = images.RandomSet("x", 5, 48);
        using var classifier = ClassifierRegistry.Create(arch, ["a", "b", "c"], seed: 3, imageSize: 32);
        classifier.BatchSize = 2;
        var features = classifier.ExtractFeatures(paths);
        var expected = classifier.Head.Probabilities(features);
        var actual = classifier.PredictProbabilities(paths);
        Assert.Equal(classifier.FeatureDimension, features[0].Length);
        for (int i = 0; i < paths.Count; i++)
        {
            Assert.Equal(1.0, actual[i].Sum(), 5);
            for (int c = 0; c < 3; c++) Assert.Equal(expected[i][c], actual[i][c], 1e-5f);
        }
    }

    [Fact]
    public void Setting_the_head_changes_the_predictions_accordingly()
    {
        var paths = images.RandomSet("h", 3, 32);
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1, imageSize: 32);
        var head = LinearHead.Zeros(2, classifier.FeatureDimension) with { Bias = [2f, 0f] };
        classifier.Head = head;
        Assert.Equal(head.Bias, classifier.Head.Bias);
        var p = classifier.PredictProbabilities(paths);
        Assert.All(p, row => Assert.Equal(1 / (1 + MathF.Exp(-2f)), row[0], 1e-5f));
        Assert.Throws<ArgumentException>(() => classifier.Head = LinearHead.Zeros(3, classifier.FeatureDimension));
    }

    [Fact]
    public void Training_twice_with_the_same_seed_gives_identical_weights_and_a_different_seed_does_not()
    {
        var data = images.StripeSet(12);
        var options = new TrainingOptions(Epochs: 2, BatchSize: 5, LearningRate: 0.05, Seed: 7);
        float[][] Train(TrainingOptions o, out Dictionary<string, float[]> weights)
        {
            using var classifier = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1, imageSize: 32);
            classifier.Train(data, o);
            weights = WeightSnapshot.Of(classifier);
            return classifier.PredictProbabilities(data.Select(d => d.ImagePath).ToArray());
        }

        var first = Train(options, out var w1);
        var second = Train(options, out var w2);
        var other = Train(options with { Seed = 8 }, out var w3);
        Assert.Equal(w1.Keys, w2.Keys);
        foreach (var key in w1.Keys) Assert.True(w1[key].SequenceEqual(w2[key]), $"{key} differs between identical runs");
        Assert.Equal(first.SelectMany(r => r), second.SelectMany(r => r));
        Assert.False(w1["fc.weight"].SequenceEqual(w3["fc.weight"]), "a different seed should give different weights");
        Assert.NotEqual(first.SelectMany(r => r), other.SelectMany(r => r));
    }

    [Fact]
    public void Small_cnn_learns_a_separable_set_to_ninety_percent_training_accuracy()
    {
        var data = images.StripeSet(64);
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1, imageSize: 32);
        var losses = new List<double>();
        var clock = Stopwatch.StartNew();
        classifier.Train(data, new TrainingOptions(Epochs: 8, BatchSize: 16, LearningRate: 0.05), new SynchronousProgress<TrainingProgress>(p => losses.Add(p.Loss)));
        var seconds = clock.Elapsed.TotalSeconds;
        var probabilities = classifier.PredictProbabilities(data.Select(d => d.ImagePath).ToArray());
        double accuracy = data.Select((d, i) => probabilities[i][d.Label] > 0.5 ? 1.0 : 0.0).Average();
        output.WriteLine($"training accuracy {accuracy:P0} after {seconds:F1} s");
        Assert.True(accuracy >= 0.9, $"training accuracy {accuracy:P0}");
    }

    [Fact]
    public void Progress_is_reported_for_every_step()
    {
        var data = images.StripeSet(10);
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1, imageSize: 32);
        var reports = new List<TrainingProgress>();
        classifier.Train(data, new TrainingOptions(Epochs: 2, BatchSize: 4), new SynchronousProgress<TrainingProgress>(reports.Add));
        Assert.Equal(6, reports.Count);
        Assert.Equal(new TrainingProgress(2, 2, 3, 3, reports[^1].Loss), reports[^1]);
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Head_only_training_leaves_the_backbone_and_its_batch_norm_statistics_unchanged(bool augment)
    {
        var data = images.StripeSet(12);
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1, imageSize: 32);
        var before = WeightSnapshot.Of(classifier);
        classifier.Train(data, new TrainingOptions(Epochs: 2, BatchSize: 4, LearningRate: 0.1, HeadOnly: true, Augment: augment));
        var after = WeightSnapshot.Of(classifier);
        foreach (var key in before.Keys.Where(k => !k.StartsWith("fc.")))
            Assert.True(before[key].SequenceEqual(after[key]), $"{key} changed");
        Assert.False(before["fc.weight"].SequenceEqual(after["fc.weight"]), "the head should change");
    }

    [Fact]
    public void Frozen_normalization_keeps_batch_norm_statistics_while_every_weight_trains()
    {
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1, imageSize: 32);
        var before = WeightSnapshot.Of(classifier);
        classifier.Train(images.StripeSet(12), new TrainingOptions(Epochs: 2, BatchSize: 4, LearningRate: 0.1, FreezeNormalization: true));
        var after = WeightSnapshot.Of(classifier);
        var statistics = before.Keys.Where(k => k.EndsWith("running_mean") || k.EndsWith("running_var")).ToList();
        Assert.NotEmpty(statistics);
        foreach (var key in statistics) Assert.True(before[key].SequenceEqual(after[key]), $"{key} changed");
        var convWeight = before.Keys.First(k => k.EndsWith(".weight") && !k.StartsWith("fc.") && before[k].Length > 100);
        Assert.False(before[convWeight].SequenceEqual(after[convWeight]), $"{convWeight} should train");
    }

    [Theory]
    [InlineData(ComputePrecision.Float32)]
    [InlineData(ComputePrecision.BFloat16)]
    public void Interpolation_gives_either_model_at_the_ends_and_the_midpoint_between(ComputePrecision precision)
    {
        ClassifierOptions Options(int seed) => new(ClassifierRegistry.SmallCnn, TwoClasses) { Seed = seed, ImageSize = 32, Precision = precision };
        using var a = ClassifierRegistry.Create(Options(1));
        using var b = ClassifierRegistry.Create(Options(2));
        using var start = (TorchClassifier)a.Interpolate(b, 0);
        using var end = (TorchClassifier)a.Interpolate(b, 1);
        using var middle = (TorchClassifier)a.Interpolate(b, 0.5);
        var (sa, sb, s0, s1, sm) = (WeightSnapshot.Of(a), WeightSnapshot.Of(b), WeightSnapshot.Of(start), WeightSnapshot.Of(end), WeightSnapshot.Of(middle));
        foreach (var key in sa.Keys.Where(k => k.EndsWith(".weight")))
        {
            Assert.Equal(sa[key], s0[key]);
            Assert.Equal(sb[key], s1[key]);
            for (int i = 0; i < sa[key].Length; i++) Assert.Equal((sa[key][i] + sb[key][i]) / 2.0, sm[key][i], tolerance: 1e-6);
        }
        // What the repair's α sweep relies on: the blend at either end predicts exactly what that network predicts, in either precision.
        var paths = images.RandomSet("blend", 4, 32);
        Assert.Equal(a.PredictProbabilities(paths), start.PredictProbabilities(paths));
        Assert.Equal(b.PredictProbabilities(paths), end.PredictProbabilities(paths));
        Assert.Throws<ArgumentException>(() => a.Interpolate(ClassifierRegistry.Create(ClassifierRegistry.ResNet18, TwoClasses, 1, 32), 0.5));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Streaming_images_from_disk_trains_exactly_like_decoding_them_once(bool headOnly)
    {
        // 13 samples with repeats, batch 4: a final batch of one is skipped, as in the cached path.
        var data = images.StripeSet(10).Concat(images.StripeSet(3)).ToArray();
        Dictionary<string, float[]> Train(long cacheBytes)
        {
            using var classifier = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1, imageSize: 32);
            classifier.TrainingImageCacheBytes = cacheBytes;
            classifier.Train(data, new TrainingOptions(Epochs: 3, BatchSize: 4, LearningRate: 0.05, Seed: 5, HeadOnly: headOnly));
            return WeightSnapshot.Of(classifier);
        }

        var cached = Train(long.MaxValue);
        var streamed = Train(0);
        foreach (var key in cached.Keys) Assert.True(cached[key].SequenceEqual(streamed[key]), $"{key} differs between cached and streamed images");
    }

    [Fact]
    public void A_remainder_batch_of_one_image_does_not_break_batch_norm_training()
    {
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.ResNet18, TwoClasses, seed: 1, imageSize: 32);
        var reports = new List<TrainingProgress>();
        classifier.Train(images.StripeSet(9), new TrainingOptions(Epochs: 1, BatchSize: 4), new SynchronousProgress<TrainingProgress>(reports.Add));
        Assert.Equal(2, reports.Count);
    }

    [Fact]
    public void Save_then_load_gives_identical_probabilities()
    {
        var paths = images.RandomSet("s", 4, 32);
        var file = Path.Combine(images.Folder, "weights", "model.safetensors");
        using var original = ClassifierRegistry.Create(ClassifierRegistry.ResNet18, TwoClasses, seed: 1, imageSize: 32);
        original.Train(images.StripeSet(8), new TrainingOptions(Epochs: 1, BatchSize: 4)); // moves BN statistics away from their defaults
        original.Save(file);
        using var restored = ClassifierRegistry.Create(ClassifierRegistry.ResNet18, TwoClasses, seed: 2, imageSize: 32);
        Assert.NotEqual(original.PredictProbabilities(paths).SelectMany(r => r), restored.PredictProbabilities(paths).SelectMany(r => r));
        restored.Load(file);
        Assert.Equal(original.PredictProbabilities(paths).SelectMany(r => r), restored.PredictProbabilities(paths).SelectMany(r => r));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file)!, "*.tmp"));
    }

    [Fact]
    public void A_clone_predicts_the_same_and_is_independent()
    {
        var paths = images.RandomSet("c", 3, 32);
        using var original = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1, imageSize: 32);
        using var clone = (TorchClassifier)original.Clone();
        Assert.Equal(original.PredictProbabilities(paths).SelectMany(r => r), clone.PredictProbabilities(paths).SelectMany(r => r));
        clone.Head = LinearHead.Zeros(2, clone.FeatureDimension);
        Assert.NotEqual(original.Head.Weight, clone.Head.Weight);
    }

    [Fact]
    public void Loading_a_missing_weights_file_names_it()
    {
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1);
        var path = Path.Combine(images.Folder, "nothing.safetensors");
        var error = Assert.Throws<FileNotFoundException>(() => classifier.Load(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Resnet18_state_dict_keys_match_pytorchs_names()
    {
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.ResNet18, TwoClasses, seed: 1);
        var keys = classifier.StateDictKeys;
        string[] expected =
        [
            "conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked",
            "layer1.0.conv1.weight", "layer1.0.bn1.running_mean", "layer1.1.conv2.weight", "layer1.1.bn2.bias",
            "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_var", "layer3.1.bn1.weight",
            "layer4.0.downsample.1.weight", "layer4.1.bn2.running_var", "fc.weight", "fc.bias",
        ];
        Assert.All(expected, k => Assert.Contains(k, keys));
        Assert.DoesNotContain("layer1.0.downsample.0.weight", keys);
        Assert.Equal(122, keys.Count); // torchvision resnet18: 62 parameters + 60 BN buffers
        Assert.Equal(512, classifier.FeatureDimension);
    }

    [Fact]
    public void An_unknown_architecture_is_refused_with_the_known_names()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassifierRegistry.Create("vgg", TwoClasses, 1));
        Assert.All(ClassifierRegistry.Names, n => Assert.Contains(n, error.Message));
    }

    public void Dispose() => images.Dispose();

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [Fact]
    public void The_batch_trainers_forward_reports_the_loss_its_step_would_and_leaves_the_update_out()
    {
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1, imageSize: 32);
        using var forwarded = (TorchClassifier)classifier.Clone();
        using var stepped = (TorchClassifier)classifier.Clone();
        using var batch = randint(0, 256, [4, 3, 32, 32], dtype: ScalarType.Byte, generator: new Generator(3));
        using var labels = tensor(new long[] { 0, 1, 0, 1 });
        float forwardLoss, stepLoss;
        using (var trainer = forwarded.CreateBatchTrainer())
        {
            manual_seed(5);
            forwardLoss = trainer.Forward(batch, labels);
        }
        using (var trainer = stepped.CreateBatchTrainer())
        {
            manual_seed(5);
            stepLoss = trainer.Step(batch, labels);
        }
        Assert.True(float.IsFinite(forwardLoss) && forwardLoss > 0, $"loss {forwardLoss}");
        Assert.Equal(stepLoss, forwardLoss, 5);
        // Both saw the same train-mode pass (batch-norm statistics included); only the step updated weights.
        Assert.NotEqual(forwarded.PredictProbabilities(batch), stepped.PredictProbabilities(batch));
    }
}
