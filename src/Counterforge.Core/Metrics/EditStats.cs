namespace Counterforge.Core.Metrics;

/// <summary>
/// How a classifier responds to a set of counterfactuals:
/// acc_cf = share of counterfactuals classified as their source's label;
/// flip_rate = share of correctly classified sources whose counterfactual is misclassified (Wilson 95 % interval);
/// conf_drop = mean p_y(x) − p_y(x′); sensitivity = LANCE's mean |p_y(x) − p_y(x′)| × 100.
/// </summary>
public sealed record EditStats(int N, double AccCf, Proportion FlipRate, double ConfDrop, double Sensitivity)
{
    public static EditStats Of(IReadOnlyCollection<PairOutcome> pairs)
    {
        if (pairs.Count == 0) return new EditStats(0, 0, Proportion.Of(0, 0), 0, 0);
        int correctSources = pairs.Count(p => p.SourceCorrect);
        int flips = pairs.Count(p => p.Flipped);
        return new EditStats(
            pairs.Count,
            pairs.Count(p => p.CounterfactualCorrect) / (double)pairs.Count,
            Proportion.Of(flips, correctSources),
            pairs.Average(p => p.ConfidenceDrop),
            pairs.Average(p => Math.Abs(p.ConfidenceDrop)) * 100);
    }
}
