using Counterforge.Core.Metrics;
using Xunit;

namespace Counterforge.Core.Tests;

public class GapClosedIntervalTests
{
    private static bool[] Outcomes(int right, int total) => Enumerable.Range(0, total).Select(i => i < right).ToArray();

    private static (bool, bool)[] Pairs(int rightBefore, int rightAfter, int total) =>
        Enumerable.Range(0, total).Select(i => (i < rightBefore, i < rightAfter)).ToArray();

    [Fact]
    public void A_clear_gap_gets_an_interval_around_the_share_closed()
    {
        // acc_orig 90 %, acc_cf 50 % → 70 %: half of the 40-point gap closed.
        var interval = GapClosedInterval.Of(Outcomes(450, 500), Pairs(150, 210, 300), seed: 1)!;
        Assert.True(interval.GapSignificant);
        Assert.InRange(interval.GapLow, 0.30, 0.40);
        Assert.InRange(interval.GapHigh, 0.40, 0.50);
        Assert.InRange(interval.Low, 0.30, 0.50);
        Assert.InRange(interval.High, 0.50, 0.70);
        Assert.Equal("50.0 % [" + (interval.Low * 100).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + ", " +
            (interval.High * 100).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "]", GapClosedInterval.Format(0.5, interval));
    }

    [Fact]
    public void A_gap_within_its_own_noise_is_not_significant_and_reads_n_a()
    {
        // 1.7-point gap on 60 images each (the "66.7 %" and "−1450 %" rows).
        var interval = GapClosedInterval.Of(Outcomes(59, 60), Pairs(58, 59, 60), seed: 1)!;
        Assert.False(interval.GapSignificant);
        Assert.True(interval.GapLow <= 0);
        Assert.Equal(GapClosedInterval.NotSignificant, GapClosedInterval.Format(0.667, interval));
        Assert.Equal(GapClosedInterval.NotSignificant, GapClosedInterval.Format(-14.5, interval));
    }

    [Fact]
    public void The_same_seed_draws_the_same_interval_and_nothing_to_resample_gives_none()
    {
        var a = GapClosedInterval.Of(Outcomes(80, 100), Pairs(40, 60, 100), seed: 7);
        var b = GapClosedInterval.Of(Outcomes(80, 100), Pairs(40, 60, 100), seed: 7);
        Assert.Equal(a, b);
        Assert.Null(GapClosedInterval.Of([], Pairs(1, 1, 2), seed: 1));
        Assert.Null(GapClosedInterval.Of(Outcomes(1, 2), [], seed: 1));
        Assert.Equal("12.0 %", GapClosedInterval.Format(0.12, null));
    }
}
