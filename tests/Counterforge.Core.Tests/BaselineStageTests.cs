using Counterforge.Core.Classification;
using Counterforge.Core.Data;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Tests;

public sealed class BaselineStageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-baseline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Features encode how many training runs the backbone has been through, so stale ones are visible.</summary>
    private sealed class CountingClassifier : ITrainableClassifier
    {
        public int TrainRuns { get; private set; }
        public int Extracted { get; private set; }
        public TrainingOptions? LastOptions { get; private set; }
        public string Name => "counting";
        public IReadOnlyList<string> Classes { get; } = ["a", "b"];
        public int FeatureDimension => 2;
        public static readonly LinearHead Untrained = new(2, 2, new float[4], new float[2]);
        public LinearHead Head { get; set; } = Untrained;
        public LinearHead? HeadWhenTrained { get; private set; }

        public float[][] ExtractFeatures(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancel = default)
        {
            Extracted += imagePaths.Count;
            return imagePaths.Select(p => new[] { TrainRuns, p.EndsWith("b.png") ? 1f : -1f }).ToArray();
        }

        public float[][] PredictProbabilities(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancel = default) => Head.Probabilities(ExtractFeatures(imagePaths));

        public void Train(IReadOnlyList<LabeledImage> data, TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
        {
            HeadWhenTrained = Head;
            TrainRuns++;
            LastOptions = options;
        }

        public void Save(string path) => File.WriteAllText(path, "weights");
        public void Load(string path) { }
        public ITrainableClassifier Clone() => throw new NotSupportedException();
        public ITrainableClassifier Interpolate(ITrainableClassifier towards, double alpha) => throw new NotSupportedException();
        public void Dispose() { }
    }

    private (RunFolder Run, Dataset Data) World()
    {
        var run = new RunFolder(Path.Combine(_dir, "run"));
        Directory.CreateDirectory(run.ModelsDirectory);
        var samples = Enumerable.Range(0, 8).Select(i => new Sample($"s{i}", $"s{i}-{(i % 2 == 0 ? "a" : "b")}.png", i % 2 == 0 ? "a" : "b", Splits.Train)).ToList();
        return (run, new Dataset(Path.Combine(_dir, "data"), ["a", "b"], samples));
    }

    private static ModelRunSettings Config(bool probe, int epochs) =>
        new(1, "counting", probe, new TrainingOptions(epochs, LearningRate: 0.003), new TrainingOptions(1), 10, [1]);

    [Fact]
    public void A_linear_probe_then_fine_tune_fits_the_head_first_and_leaves_no_pre_fine_tune_features_behind()
    {
        var (run, data) = World();
        var model = new CountingClassifier();
        var features = new FeatureStore(model, StageProgress.Silent, "counting");

        BaselineStage.LoadOrTrain(run, data, model, features, Config(probe: true, epochs: 2), StageProgress.Silent);

        Assert.Equal(1, model.TrainRuns);
        Assert.Equal(2, model.LastOptions!.Epochs);
        Assert.NotSame(CountingClassifier.Untrained, model.HeadWhenTrained); // the probe's head is in place before any weight trains
        Assert.Equal(8, model.Extracted); // the probe saw every train image once
        var after = features.Get(data.Samples.Select(s => ImageRef.Of(data, s)).ToList());
        Assert.All(after, f => Assert.Equal(1f, f[0])); // computed by the fine-tuned backbone, not kept from the probe
        Assert.True(File.Exists(run.Model("counting-baseline")));
    }

    [Fact]
    public void A_linear_probe_alone_trains_no_weight_and_keeps_its_features_for_reinforcement()
    {
        var (run, data) = World();
        var model = new CountingClassifier();
        var features = new FeatureStore(model, StageProgress.Silent, "counting");

        BaselineStage.LoadOrTrain(run, data, model, features, Config(probe: true, epochs: 0), StageProgress.Silent);
        features.Get(data.Samples.Select(s => ImageRef.Of(data, s)).ToList());

        Assert.Equal(0, model.TrainRuns);
        Assert.Equal(8, model.Extracted);
        Assert.True(model.Head.Probabilities([[0f, 1f]])[0][1] > 0.5); // the head learned feature 2's sign
    }

    [Fact]
    public void Training_from_scratch_fits_no_probe()
    {
        var (run, data) = World();
        var model = new CountingClassifier();

        BaselineStage.LoadOrTrain(run, data, model, new FeatureStore(model, StageProgress.Silent, "counting"), Config(probe: false, epochs: 3), StageProgress.Silent);

        Assert.Equal(0, model.Extracted);
        Assert.Equal(1, model.TrainRuns);
        Assert.Same(CountingClassifier.Untrained, model.HeadWhenTrained);
    }
}
