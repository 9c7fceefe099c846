using Counterforge.Core.Analysis;
using Counterforge.Core.Metrics;

namespace Counterforge.Core.Tests;

/// <summary>Reference values computed with exact integer binomial coefficients (Python's math.comb), as R's binom.test,
/// fisher.test and p.adjust give them.</summary>
public class ExactTestsTests
{
    [Fact]
    public void McNemar_counts_fixed_and_broken_images_and_gives_the_exact_two_sided_p()
    {
        // 10 fixed, 2 broken, 5 right both times, 3 wrong both times: p = 2·(1 + 12 + 66)/2¹² = 0.03857421875.
        var images = Enumerable.Repeat((false, true), 10).Concat(Enumerable.Repeat((true, false), 2))
            .Concat(Enumerable.Repeat((true, true), 5)).Concat(Enumerable.Repeat((false, false), 3));
        var test = McNemarTest.Of(images);
        Assert.Equal((20, 10, 2), (test.N, test.Fixed, test.Broken));
        Assert.Equal(0.03857421875, test.PValue, 12);
    }

    [Fact]
    public void McNemar_gives_one_when_nothing_changed_or_the_changes_balance()
    {
        Assert.Equal(1, McNemarTest.ExactPValue(0, 0));
        Assert.Equal(1, McNemarTest.ExactPValue(5, 5));
    }

    [Fact]
    public void McNemar_stays_exact_for_thousands_of_changed_images()
    {
        // 1550 against 1450: C(3000, 1450) overflows a double; in log space p = 0.0706690448.
        Assert.Equal(0.0706690448, McNemarTest.ExactPValue(1550, 1450), 8);
    }

    [Fact]
    public void Fisher_one_sided_matches_the_hypergeometric_tail()
    {
        // 7 of 10 against 1 of 10: (C(10,7)·C(10,1) + C(10,8)) / C(20,8) = 1245 / 125970.
        Assert.Equal(1245 / 125970.0, FisherExactTest.Greater(Proportion.Of(7, 10), Proportion.Of(1, 10)), 12);
        Assert.Equal(1, FisherExactTest.Greater(Proportion.Of(0, 0), Proportion.Of(1, 10)));
        Assert.Equal(1, FisherExactTest.Greater(Proportion.Of(0, 10), Proportion.Of(3, 10)), 12);
    }

    [Fact]
    public void Benjamini_Hochberg_adjusts_in_the_input_order_and_stays_monotone()
    {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02
        var q = BenjaminiHochberg.Adjust([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.02, 0.04, 0.04, 0.02], q.Select(v => Math.Round(v, 12)));
        Assert.Equal([0.7], BenjaminiHochberg.Adjust([0.7])); // one test: nothing to correct for
        Assert.Empty(BenjaminiHochberg.Adjust([]));
    }

    [Fact]
    public void Of_twenty_words_one_that_passes_p_below_005_alone_is_not_flagged_but_a_strong_one_is()
    {
        var control = Proportion.Of(5, 200);
        var words = new List<Proportion> { Proportion.Of(11, 40), Proportion.Of(4, 40) };
        words.AddRange(Enumerable.Repeat(Proportion.Of(1, 40), 18));

        var tests = ControlComparison.Test(words, control);

        Assert.Equal(1.7962792593e-6, tests[0].PValue, 14);
        Assert.True(tests[0].Flagged);
        Assert.Equal(0.0447217814, tests[1].PValue, 9); // below 0.05 alone…
        Assert.Equal(0.0447217814 * 20 / 2, tests[1].QValue, 9); // …but one of twenty tests
        Assert.False(tests[1].Flagged);
        Assert.All(tests.Skip(2), t => Assert.False(t.Flagged));
    }
}
