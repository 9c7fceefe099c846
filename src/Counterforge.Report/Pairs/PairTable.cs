using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;

namespace Counterforge.Report.Pairs;

/// <summary>
/// Every accepted test pair of a model, from the run's records (the stress test's predictions, the counterfactuals, the
/// edits) and, for the repair, the reinforcement row's own image-by-image predictions: nothing is recomputed.
/// </summary>
internal static class PairTable
{
    public static IReadOnlyList<PairView> Build(RunFolder run, Dataset data, string modelTag, IReadOnlyDictionary<string, PredictionRecord>? repair)
    {
        var baselinePath = run.Predictions($"{modelTag}-{Splits.Test}");
        if (!File.Exists(baselinePath) || ShardedLog.Files(run.CounterfactualsFile).Count == 0) return [];
        var baseline = JsonlFile.ReadAll<PredictionRecord>(baselinePath).ToDictionary(p => p.ImageId);
        var samples = data.Samples.ToDictionary(s => s.Id);
        var captions = File.Exists(run.EditsFile) ? JsonlFile.ReadAll<Edit>(run.EditsFile).ToDictionary(e => e.Id, e => e.Edited) : [];
        var sourceUrls = new Dictionary<string, string>();
        return ShardedLog.ReadLog<Counterfactual>(run.CounterfactualsFile)
            .GroupBy(c => c.EditId).Select(g => g.Last())
            .Where(c => c.Accepted && baseline.ContainsKey(c.EditId) && baseline.ContainsKey(c.SourceId) && samples.ContainsKey(c.SourceId))
            .Select(c =>
            {
                var (source, counterfactual) = (baseline[c.SourceId], baseline[c.EditId]);
                if (!sourceUrls.TryGetValue(c.SourceId, out var sourceUrl))
                    sourceUrls[c.SourceId] = sourceUrl = RunUrl.Of(run, data.FullPath(samples[c.SourceId]));
                return new PairView(c.EditId, c.SourceId, c.Kind, c.From, c.To, captions.GetValueOrDefault(c.EditId, ""), source.Label,
                    sourceUrl, RunUrl.OfRelative(c.ImagePath), AnswerOf(source), AnswerOf(counterfactual),
                    repair?.GetValueOrDefault(c.SourceId) is { } o ? AnswerOf(o) : null,
                    repair?.GetValueOrDefault(c.EditId) is { } r ? AnswerOf(r) : null);
            })
            .OrderByDescending(p => p.ConfidenceDrop).ThenBy(p => p.EditId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A reinforcement row's image-by-image predictions; null for rows that kept none (the baseline, rows made before they were kept).</summary>
    public static IReadOnlyDictionary<string, PredictionRecord>? RepairPredictions(RunFolder run, ReinforcementRow row)
    {
        if (row.Predictions is null) return null;
        var path = run.Resolve(row.Predictions);
        return File.Exists(path) ? JsonlFile.ReadAll<PredictionRecord>(path).ToDictionary(p => p.ImageId) : null;
    }

    public static Answer AnswerOf(PredictionRecord p) => new(Core.Metrics.PairOutcome.ArgMax(p.Probs), p.Probs[p.Label]);
}
