using Counterforge.Core.Metrics;

namespace Counterforge.Core.Tests;

public class GroupAccuracyTests
{
    [Fact]
    public void Worst_group_and_train_weighted_adjusted_mean_match_hand_computation()
    {
        var predictions = new List<(string, bool)>();
        predictions.AddRange(Enumerable.Repeat(("a/grass", true), 9).Append(("a/grass", false)));   // 0.9
        predictions.AddRange(Enumerable.Repeat(("a/sand", true), 2).Concat(Enumerable.Repeat(("a/sand", false), 8))); // 0.2
        var train = new Dictionary<string, int> { ["a/grass"] = 95, ["a/sand"] = 5 };
        var groups = GroupAccuracy.Of(predictions, train);
        Assert.Equal("a/sand", groups.WorstGroup);
        Assert.Equal(0.2, groups.WorstGroupAccuracy, 12);
        Assert.Equal(0.95 * 0.9 + 0.05 * 0.2, groups.AdjustedMean, 12);
    }
}
