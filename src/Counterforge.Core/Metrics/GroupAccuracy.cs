namespace Counterforge.Core.Metrics;

/// <summary>
/// Accuracy per group (class × attribute value). worst_group = the lowest group accuracy;
/// adjusted_mean = group accuracies weighted by each group's share of the training set, i.e. the accuracy expected
/// on the training distribution, measured without the balanced test set's own group mix.
/// </summary>
public sealed record GroupAccuracy(IReadOnlyDictionary<string, Proportion> Groups, string WorstGroup, double WorstGroupAccuracy, double AdjustedMean)
{
    public const string WorstGroupDefinition = "lowest accuracy over groups (class × shortcut attribute value) on the balanced test split";
    public const string AdjustedMeanDefinition = "group accuracies on the balanced test split, weighted by each group's share of the train split";

    public static GroupAccuracy Of(IEnumerable<(string Group, bool Correct)> predictions, IReadOnlyDictionary<string, int> trainGroupCounts)
    {
        var groups = predictions.GroupBy(p => p.Group)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Proportion.Of(g.Count(p => p.Correct), g.Count()));
        if (groups.Count == 0) throw new ArgumentException("No predictions to group.", nameof(predictions));
        var worst = groups.MinBy(g => g.Value.Value);
        double weightTotal = groups.Keys.Sum(g => trainGroupCounts.GetValueOrDefault(g));
        double adjusted = weightTotal == 0
            ? groups.Values.Average(p => p.Value)
            : groups.Sum(g => g.Value.Value * trainGroupCounts.GetValueOrDefault(g.Key)) / weightTotal;
        return new GroupAccuracy(groups, worst.Key, worst.Value.Value, adjusted);
    }
}
