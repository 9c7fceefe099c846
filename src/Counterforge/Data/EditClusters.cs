using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Metrics;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;
using Counterforge.Language.Clustering;
using Counterforge.Language.Embeddings;

namespace Counterforge.Data;

/// <summary>LANCE's analysis for the report: the test split's edits clustered per class, each cluster's flip rate and sensitivity.</summary>
internal static class EditClusters
{
    public static IReadOnlyList<ClusterSummary>? OfTest(RunFolder run, Dataset data, string modelTag, int seed, StageProgress progress)
    {
        var predictionsPath = run.Predictions($"{modelTag}-{Splits.Test}");
        if (!File.Exists(predictionsPath) || !File.Exists(run.EditsFile) || ShardedLog.Files(run.CounterfactualsFile).Count == 0) return null;
        var predictions = JsonlFile.ReadAll<PredictionRecord>(predictionsPath).ToDictionary(p => p.ImageId);
        var samples = data.Samples.ToDictionary(s => s.Id);
        var accepted = ShardedLog.ReadLog<Counterfactual>(run.CounterfactualsFile).Where(c => c.Accepted).Select(c => c.EditId).ToHashSet();
        var pairs = JsonlFile.ReadAll<Edit>(run.EditsFile)
            .Where(e => accepted.Contains(e.Id) && predictions.ContainsKey(e.Id) && predictions.ContainsKey(e.SourceId))
            .Select(e =>
            {
                var (source, cf) = (predictions[e.SourceId], predictions[e.Id]);
                return (Edit: e, Outcome: new PairOutcome(e.Id, e.SourceId, e.Kind, e.From, e.To, source.Label, source.Probs, cf.Probs));
            }).ToList();
        var inputs = pairs.Where(p => !p.Edit.IsNull).Select(p => new ClusterInput(p.Edit, samples[p.Edit.SourceId].Label, p.Outcome)).ToList();
        if (inputs.Count == 0) return null;
        // The same null-edit control as the stress test's: the test split's accepted null edits.
        var control = EditStats.Of(pairs.Where(p => p.Edit.IsNull).Select(p => p.Outcome).ToList());
        var clusters = progress.Run("Edit clusters", 1, _ => EditClustering.Cluster(inputs, MiniLmEmbedder.Instance, EditClustering.DefaultClusters, seed));
        return ClusterSummary.OfAll(clusters.OrderBy(c => c.ClassName, StringComparer.Ordinal).ThenByDescending(c => c.Stats.Sensitivity)
            .Select(c => (c.ClassName, c.Name, c.Kind, c.Stats)).ToList(), control);
    }
}
