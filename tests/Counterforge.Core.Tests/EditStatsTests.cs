using Counterforge.Core.Metrics;

namespace Counterforge.Core.Tests;

public class EditStatsTests
{
    private static PairOutcome Pair(int label, float[] source, float[] cf, string kind = "background") =>
        new($"e{Guid.NewGuid():N}", "s", kind, "grass", "sand", label, source, cf);

    [Fact]
    public void Flip_rate_counts_only_sources_that_were_right()
    {
        var pairs = new[]
        {
            Pair(0, [0.9f, 0.1f], [0.2f, 0.8f]),  // right → wrong: flip
            Pair(0, [0.8f, 0.2f], [0.7f, 0.3f]),  // right → right
            Pair(0, [0.3f, 0.7f], [0.1f, 0.9f]),  // wrong source: not counted in the flip rate
            Pair(1, [0.4f, 0.6f], [0.45f, 0.55f]), // right → right
        };
        var stats = EditStats.Of(pairs);
        Assert.Equal(4, stats.N);
        Assert.Equal(1, stats.FlipRate.Successes);
        Assert.Equal(3, stats.FlipRate.Trials);
        Assert.Equal(2 / 4.0, stats.AccCf, 12);
        // conf drops: 0.7, 0.1, 0.2, 0.05 → mean 0.2625; sensitivity = mean |drop| × 100 = 26.25
        Assert.Equal(0.2625, stats.ConfDrop, 5);
        Assert.Equal(26.25, stats.Sensitivity, 4);
    }

    [Fact]
    public void Sensitivity_uses_absolute_changes_while_confidence_drop_keeps_the_sign()
    {
        var stats = EditStats.Of([Pair(0, [0.6f, 0.4f], [0.8f, 0.2f]), Pair(0, [0.8f, 0.2f], [0.6f, 0.4f])]);
        Assert.Equal(0, stats.ConfDrop, 6);
        Assert.Equal(20, stats.Sensitivity, 4);
    }
}
