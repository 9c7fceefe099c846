using Counterforge.Core.Classification;
using Counterforge.Core.Data;
using Counterforge.Core.Progress;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>The classifier under test, trained on the (biased) train split, or loaded when an earlier run already trained it.</summary>
public static class BaselineStage
{
    /// <param name="features">The store bound to <paramref name="model"/>; a linear probe fills it with the train features
    /// that reinforcement needs again (the head does not change features). Left empty when every weight trains.</param>
    public static void LoadOrTrain(RunFolder run, Dataset data, ITrainableClassifier model, FeatureStore features, ModelRunSettings config, StageProgress progress,
        CancellationToken cancel = default)
    {
        var path = run.Model($"{config.ModelTag}-baseline");
        if (File.Exists(path))
        {
            model.Load(path);
            progress.Info($"Baseline {config.ModelTag}: loaded {path}");
            return;
        }
        var train = data.InSplit(Splits.Train).ToList();
        bool trainsWeights = config.BaselineTraining.Epochs > 0;
        if (config.LinearProbeBaseline)
        {
            // Fine-tuning after the probe changes the features, so the probe's must not stay in the shared store.
            var probeFeatures = trainsWeights ? new FeatureStore(model, progress, $"{config.ModelTag} before fine-tuning") : features;
            var trainFeatures = probeFeatures.Get(train.Select(s => ImageRef.Of(data, s)).ToList(), cancel);
            model.Head = HeadTrainer.Fit(trainFeatures, train.Select(data.LabelIndex).ToList(), data.Classes.Count, new HeadFitOptions());
        }
        if (trainsWeights)
        {
            var labeled = train.Select(s => new LabeledImage(data.FullPath(s), data.LabelIndex(s))).ToList();
            TrainWithProgress(model, labeled, config.BaselineTraining, progress, config.LinearProbeBaseline ? $"Fine-tuning {config.ModelTag} from its linear probe" : $"Training {config.ModelTag}", cancel);
        }
        model.Save(path);
    }

    /// <returns>The training loss of every step, in order.</returns>
    public static IReadOnlyList<double> TrainWithProgress(ITrainableClassifier model, IReadOnlyList<LabeledImage> data, TrainingOptions options, StageProgress progress, string stage,
        CancellationToken cancel = default)
    {
        int stepsPerEpoch = (data.Count + options.BatchSize - 1) / options.BatchSize;
        int total = stepsPerEpoch * options.Epochs;
        var losses = new List<double>();
        progress.Run(stage, total, p => model.Train(data, options, new StepProgress(t =>
        {
            losses.Add(t.Loss);
            p.Report((t.Epoch - 1) * t.StepsPerEpoch + t.Step); // epochs and steps count from 1
        }), cancel));
        progress.Info($"{stage}: final batch loss {(losses.Count > 0 ? losses[^1] : double.NaN):F4}");
        return losses;
    }

    private sealed class StepProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
