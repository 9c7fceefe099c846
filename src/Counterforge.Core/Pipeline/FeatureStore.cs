using Counterforge.Core.Classification;
using Counterforge.Core.Progress;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// Features of images under one frozen backbone, each computed once per run of the process. Probabilities under any head
/// follow from them, so stress tests, last-layer retraining, α-blending and DFR all share one backbone pass.
/// </summary>
public sealed class FeatureStore(IFeatureClassifier backbone, StageProgress progress, string name)
{
    private readonly Dictionary<string, float[]> _features = new();

    public float[][] Get(IReadOnlyList<ImageRef> images, CancellationToken cancel = default)
    {
        var missing = images.Where(i => !_features.ContainsKey(i.Id)).DistinctBy(i => i.Id).ToList();
        if (missing.Count > 0)
        {
            var computed = progress.Run($"Features ({name})", missing.Count,
                p => backbone.ExtractFeatures(missing.Select(m => m.FullPath).ToList(), p, cancel));
            for (int i = 0; i < missing.Count; i++) _features[missing[i].Id] = computed[i];
        }
        return images.Select(i => _features[i.Id]).ToArray();
    }

    public float[][] Probabilities(IReadOnlyList<ImageRef> images, LinearHead head) => head.Probabilities(Get(images));
}
