using Counterforge.Core.Classification;
using Counterforge.Core.Metrics;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Reinforcement;

public sealed record DfrResult(LinearHead Head, double C, IReadOnlyList<(double C, double WorstGroup)> Sweep);

/// <summary>
/// Deep Feature Reweighting (Kirichenko et al. 2022): an L1-penalised logistic head on frozen features of a group-balanced
/// held-out set. C (inverse penalty, as in scikit-learn: ‖w‖₁ + C·Σ loss) is picked by worst-group accuracy on the
/// held-out images not used for fitting (ties: mean group accuracy, then the weaker penalty); the final head averages
/// refits on group-balanced resamples of the K images.
/// </summary>
public static class Dfr
{
    public static readonly IReadOnlyList<double> DefaultCs = [1.0, 0.7, 0.3, 0.1, 0.07, 0.03];

    public static DfrResult Fit(
        IReadOnlyList<float[]> features, IReadOnlyList<int> labels, IReadOnlyList<string> groups,
        IReadOnlyList<float[]> tuneFeatures, IReadOnlyList<int> tuneLabels, IReadOnlyList<string> tuneGroups,
        int classes, int seed, int refits = 10, IReadOnlyList<double>? cs = null, int iterations = 300)
    {
        LinearHead FitWith(double c, IReadOnlyList<int> rows) =>
            HeadTrainer.Fit(rows.Select(i => features[i]).ToList(), rows.Select(i => labels[i]).ToList(), classes,
                new HeadFitOptions(L2: 0, L1: 1 / (c * rows.Count), Iterations: iterations));

        var all = Enumerable.Range(0, features.Count).ToList();
        var sweep = (cs ?? DefaultCs).Select(c =>
        {
            var head = FitWith(c, all);
            var (worst, mean) = GroupScores(head, tuneFeatures, tuneLabels, tuneGroups);
            return (C: c, WorstGroup: worst, MeanGroup: mean);
        }).ToList();
        double bestC = sweep.OrderByDescending(s => s.WorstGroup).ThenByDescending(s => s.MeanGroup).ThenByDescending(s => s.C).First().C;

        // Each refit sees a group-balanced resample of the K images: a group uniformly, then one of its images.
        var random = new Random(StableHash.Seed(seed, "dfr-refits"));
        var byGroup = all.GroupBy(i => groups[i]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var heads = new List<LinearHead>();
        for (int r = 0; r < refits; r++)
        {
            var rows = new List<int>(all.Count);
            for (int i = 0; i < all.Count; i++)
            {
                var group = byGroup[random.Next(byGroup.Count)];
                rows.Add(group[random.Next(group.Count)]);
            }
            if (rows.Select(i => labels[i]).Distinct().Count() < 2) rows = all;
            heads.Add(FitWith(bestC, rows));
        }
        return new DfrResult(Average(heads), bestC, sweep.Select(s => (s.C, s.WorstGroup)).ToList());
    }

    /// <summary>Worst and mean group accuracy over the groups with at least two held-out images (one image says little).</summary>
    private static (double Worst, double Mean) GroupScores(LinearHead head, IReadOnlyList<float[]> features, IReadOnlyList<int> labels, IReadOnlyList<string> groups)
    {
        var scored = features.Select((f, i) => (Group: groups[i], Correct: PairOutcome.ArgMax(head.Probabilities(f)) == labels[i]))
            .GroupBy(x => x.Group).Where(g => g.Count() >= 2).Select(g => g.Count(x => x.Correct) / (double)g.Count()).ToList();
        return scored.Count == 0 ? (0, 0) : (scored.Min(), scored.Average());
    }

    private static LinearHead Average(IReadOnlyList<LinearHead> heads)
    {
        var first = heads[0];
        var weight = new float[first.Weight.Length];
        var bias = new float[first.Bias.Length];
        foreach (var h in heads)
        {
            for (int i = 0; i < weight.Length; i++) weight[i] += h.Weight[i] / heads.Count;
            for (int i = 0; i < bias.Length; i++) bias[i] += h.Bias[i] / heads.Count;
        }
        return first with { Weight = weight, Bias = bias };
    }
}
