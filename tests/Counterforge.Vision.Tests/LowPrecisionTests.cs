using Counterforge.Core.Classification;
using static TorchSharp.torch;

namespace Counterforge.Vision.Tests;

/// <summary>bfloat16 compute with float32 master weights: close to float32, learning, deterministic, nothing saved in bf16.</summary>
public sealed class LowPrecisionTests : IDisposable
{
    private static readonly string[] TwoClasses = ["horizontal", "vertical"];
    private readonly TestImages images = new();

    private static TorchClassifier Create(string arch, ComputePrecision precision, int seed = 1) =>
        ClassifierRegistry.Create(new ClassifierOptions(arch, TwoClasses) { Seed = seed, ImageSize = 32, Precision = precision });

    [Theory]
    [InlineData(ClassifierRegistry.SmallCnn)]
    [InlineData(ClassifierRegistry.ResNet18Pretrained)]
    public void Bfloat16_predictions_and_features_are_close_to_float32_ones_from_the_same_weights(string arch)
    {
        var paths = images.RandomSet("x", 6, 40);
        using var full = Create(arch, ComputePrecision.Float32);
        using var low = Create(arch, ComputePrecision.BFloat16);
        Assert.Equal(ComputePrecision.BFloat16, low.Precision);
        var expected = full.PredictProbabilities(paths);
        var actual = low.PredictProbabilities(paths);
        for (int i = 0; i < paths.Count; i++)
        {
            Assert.Equal(1.0, actual[i].Sum(), 3);
            for (int c = 0; c < 2; c++) Assert.Equal(expected[i][c], actual[i][c], 0.05f);
        }
        var fullFeatures = full.ExtractFeatures(paths);
        var lowFeatures = low.ExtractFeatures(paths);
        double scale = fullFeatures.SelectMany(r => r).Max(MathF.Abs);
        double worst = fullFeatures.Zip(lowFeatures, (a, b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max()).Max();
        Assert.True(worst <= 0.05 * scale, $"features differ by up to {worst} (largest |feature| {scale})");
        // bf16 really ran: close is not equal.
        Assert.NotEqual(expected.SelectMany(r => r), actual.SelectMany(r => r));
    }

    [Fact]
    public void Bfloat16_training_learns_keeps_float32_master_weights_and_is_deterministic()
    {
        var data = images.StripeSet(48);
        var paths = data.Select(d => d.ImagePath).ToArray();
        Dictionary<string, float[]> Train(out double accuracy)
        {
            using var classifier = Create(ClassifierRegistry.SmallCnn, ComputePrecision.BFloat16);
            classifier.Train(data, new TrainingOptions(Epochs: 6, BatchSize: 16, LearningRate: 0.05, Seed: 3));
            Assert.All(classifier.Network.state_dict().Values.Where(v => v.is_floating_point()), v => Assert.Equal(ScalarType.Float32, v.dtype));
            var probabilities = classifier.PredictProbabilities(paths);
            accuracy = data.Select((d, i) => probabilities[i][d.Label] > 0.5 ? 1.0 : 0.0).Average();
            return WeightSnapshot.Of(classifier);
        }

        var first = Train(out var accuracy);
        var second = Train(out _);
        Assert.True(accuracy >= 0.9, $"training accuracy {accuracy:P0}");
        foreach (var key in first.Keys) Assert.True(first[key].SequenceEqual(second[key]), $"{key} differs between identical runs");
    }

    [Fact]
    public void Updates_smaller_than_bfloat16_resolution_still_reach_the_master_weights()
    {
        using var classifier = Create(ClassifierRegistry.SmallCnn, ComputePrecision.BFloat16);
        var before = WeightSnapshot.Of(classifier);
        // At this rate each step moves a weight by far less than bfloat16's spacing (1/128 of its magnitude).
        classifier.Train(images.StripeSet(8), new TrainingOptions(Epochs: 1, BatchSize: 8, LearningRate: 1e-5, WeightDecay: 0, Augment: false, FreezeNormalization: true));
        var after = WeightSnapshot.Of(classifier);
        var key = before.Keys.First(k => k.EndsWith(".weight") && !k.StartsWith("fc.") && before[k].Length > 100);
        var moved = before[key].Zip(after[key], (b, a) => (b, a)).Where(p => p.b != p.a).ToList();
        Assert.NotEmpty(moved);
        Assert.True(moved.Count(p => Math.Abs(p.a - p.b) < Math.Abs(p.b) / 256) > moved.Count / 2,
            "most changes should be below bfloat16's resolution, i.e. kept only because the master is float32");
    }

    [Fact]
    public void Batch_norm_statistics_learned_in_bfloat16_reach_the_master_unless_frozen()
    {
        foreach (bool freeze in new[] { false, true })
        {
            using var classifier = Create(ClassifierRegistry.SmallCnn, ComputePrecision.BFloat16);
            var before = WeightSnapshot.Of(classifier);
            classifier.Train(images.StripeSet(12), new TrainingOptions(Epochs: 1, BatchSize: 4, LearningRate: 0.01, FreezeNormalization: freeze));
            var after = WeightSnapshot.Of(classifier);
            var statistic = before.Keys.First(k => k.EndsWith("running_mean"));
            Assert.Equal(freeze, before[statistic].SequenceEqual(after[statistic]));
        }
    }

    [Fact]
    public void Saved_weights_are_float32_and_a_float32_classifier_loading_them_predicts_nearly_the_same()
    {
        var data = images.StripeSet(16);
        var paths = data.Select(d => d.ImagePath).ToArray();
        using var low = Create(ClassifierRegistry.SmallCnn, ComputePrecision.BFloat16);
        low.Train(data, new TrainingOptions(Epochs: 2, BatchSize: 8, LearningRate: 0.05));
        var file = Path.Combine(images.Folder, "low.safetensors");
        low.Save(file);
        using var full = Create(ClassifierRegistry.SmallCnn, ComputePrecision.Float32, seed: 9);
        full.Load(file);
        Assert.Equal(WeightSnapshot.Of(low), WeightSnapshot.Of(full));
        var a = low.PredictProbabilities(paths);
        var b = full.PredictProbabilities(paths);
        for (int i = 0; i < paths.Length; i++) Assert.Equal(b[i][0], a[i][0], 0.05f);
    }

    [Fact]
    public void Setting_the_head_reaches_bfloat16_predictions()
    {
        var paths = images.RandomSet("h", 3, 32);
        using var classifier = Create(ClassifierRegistry.SmallCnn, ComputePrecision.BFloat16);
        _ = classifier.PredictProbabilities(paths);
        classifier.Head = LinearHead.Zeros(2, classifier.FeatureDimension) with { Bias = [2f, 0f] };
        Assert.All(classifier.PredictProbabilities(paths), row => Assert.Equal(1 / (1 + MathF.Exp(-2f)), row[0], 0.01f));
    }

    [Theory]
    [InlineData("flags : fpu avx512f avx512_bf16 avx512_vnni", true)]
    [InlineData("flags : fpu amx_bf16 amx_tile", true)]
    [InlineData("flags : fpu avx2 avx512f avx512_bf16x", false)]
    [InlineData("", false)]
    public void Native_bfloat16_is_read_from_the_cpu_flags(string flags, bool native) =>
        Assert.Equal(native, ComputePrecisions.CpuFlagsHaveNativeBFloat16(flags));

    [Fact]
    public void Precision_names_parse_and_an_unknown_one_lists_the_known()
    {
        Assert.Equal(ComputePrecision.Float32, ComputePrecisions.Parse("fp32"));
        Assert.Equal(ComputePrecision.BFloat16, ComputePrecisions.Parse("bf16"));
        Assert.Equal(ComputePrecisions.CpuHasNativeBFloat16 ? ComputePrecision.BFloat16 : ComputePrecision.Float32, ComputePrecisions.Parse("auto"));
        var error = Assert.Throws<ArgumentException>(() => ComputePrecisions.Parse("fp16"));
        Assert.All(ComputePrecisions.Names, n => Assert.Contains(n, error.Message));
    }

    public void Dispose() => images.Dispose();
}
