using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// The stress test's predictions made in shards: predictions/TAG-stress.shard-I-of-N.jsonl, each written whole once its
/// shard is done. The stress test that follows in one process takes every probability from them instead of running the
/// model again, so its numbers are those one process would have computed; what a shard left undone it predicts itself.
/// </summary>
internal sealed class ShardPredictions(string log, Dictionary<string, float[]> probabilities, StageProgress progress)
{
    public static string PathOf(RunFolder run, string modelTag, Shard shard) => ShardedLog.PathOf(Log(run, modelTag), shard);

    /// <summary>What the shards recorded for the model; null when its stress test did not run in shards.</summary>
    public static ShardPredictions? Recorded(RunFolder run, string modelTag, StageProgress progress)
    {
        var log = Log(run, modelTag);
        var files = ShardedLog.ShardFiles(log);
        if (files.Count == 0) return null;
        var probabilities = new Dictionary<string, float[]>();
        foreach (var record in files.SelectMany(f => JsonlFile.ReadAll<PredictionRecord>(f.Path))) probabilities.TryAdd(record.ImageId, record.Probs);
        progress.Info($"Stress test ({modelTag}): {probabilities.Count} predictions from {files.Count} shard files ({string.Join(", ", files.Select(f => f.Shard))}).");
        return new ShardPredictions(log, probabilities, progress);
    }

    /// <summary>
    /// The recorded probabilities of <paramref name="images"/>; those of images no shard recorded (a shard that did not run
    /// or stopped early, named on the progress stream) are computed here by <paramref name="compute"/>.
    /// </summary>
    /// <param name="sourceOf">Each image's source id (what its shard follows from), asked for only when images are missing.</param>
    public float[][] Probabilities(IReadOnlyList<ImageRef> images, Func<IReadOnlyList<ImageRef>, float[][]> compute, Func<Dictionary<string, string>> sourceOf)
    {
        var missing = images.Where(i => !probabilities.ContainsKey(i.Id)).DistinctBy(i => i.Id).ToList();
        if (missing.Count > 0)
        {
            var sources = sourceOf();
            var gaps = ShardGaps.Of(log, missing.Select(i => sources.GetValueOrDefault(i.Id, i.Id)));
            progress.Info($"Stress test: {missing.Count} images have no prediction from the shards ({gaps}); predicting them here.");
            var computed = compute(missing);
            for (int i = 0; i < missing.Count; i++) probabilities[missing[i].Id] = computed[i];
        }
        return images.Select(i => probabilities[i.Id]).ToArray();
    }

    private static string Log(RunFolder run, string modelTag) => run.Predictions($"{modelTag}-stress");
}
