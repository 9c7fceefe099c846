using Counterforge.Core.Metrics;

namespace Counterforge.Core.Tests;

public class WilsonIntervalTests
{
    [Fact]
    public void Matches_hand_computed_interval_for_8_of_10()
    {
        // p = 0.8, n = 10, z = 1.96: centre = (0.8 + 0.19208) / 1.38416 = 0.716738, half = 1.96/1.38416·√(0.016 + 0.0096040) = 0.226640
        var p = Proportion.Of(8, 10);
        Assert.Equal(0.8, p.Value, 12);
        Assert.Equal(0.49016, p.Low, 4);
        Assert.Equal(0.94332, p.High, 4);
    }

    [Fact]
    public void Zero_successes_give_a_lower_bound_of_zero_and_a_positive_upper_bound()
    {
        var p = Proportion.Of(0, 200);
        Assert.Equal(0, p.Low);
        Assert.InRange(p.High, 0.018, 0.0195);
    }

    [Fact]
    public void No_trials_give_the_whole_unit_interval()
    {
        var p = Proportion.Of(0, 0);
        Assert.Equal((0.0, 1.0), (p.Low, p.High));
    }

    [Fact]
    public void More_successes_than_trials_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Of(3, 2));
}
