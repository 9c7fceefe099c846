using Counterforge.Core.Classification;
using Counterforge.Core.Metrics;
using Counterforge.Core.Reinforcement;

namespace Counterforge.Core.Tests;

public class FeatureCeilingTests
{
    private const int Classes = 3;

    /// <summary>
    /// Features of a backbone: a noisy one-hot of the subject scaled by <paramref name="subjectSignal"/> beside a noisy one-hot
    /// of the background. Originals carry the shortcut (background = label 95 % of the time); counterfactuals a random background.
    /// </summary>
    private static (List<float[]> X, List<int> Y) Draw(Random random, int n, double subjectSignal, bool counterfactual)
    {
        var (x, y) = (new List<float[]>(), new List<int>());
        for (int i = 0; i < n; i++)
        {
            int label = i % Classes;
            int background = !counterfactual && random.NextDouble() < 0.95 ? label : random.Next(Classes);
            var f = new float[2 * Classes];
            for (int j = 0; j < f.Length; j++) f[j] = (float)(0.3 * Gaussian(random));
            f[label] += (float)subjectSignal;
            f[Classes + background] += 1f;
            x.Add(f);
            y.Add(label);
        }
        return (x, y);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Accuracy(LinearHead head, List<float[]> x, List<int> y) =>
        x.Select((f, i) => PairOutcome.ArgMax(head.Probabilities(f)) == y[i]).Count(c => c) / (double)x.Count;

    private static (double Orig, double Cf) CeilingOf(double subjectSignal)
    {
        var random = new Random(7);
        var (o, oy) = Draw(random, 300, subjectSignal, counterfactual: false);
        var (c, cy) = Draw(random, 300, subjectSignal, counterfactual: true);
        var (head, _) = FeatureCeiling.Fit(o, oy, c, cy, Classes, seed: 1);
        var (testO, testOy) = Draw(random, 600, subjectSignal, counterfactual: false);
        var (testC, testCy) = Draw(random, 600, subjectSignal, counterfactual: true);
        return (Accuracy(head, testO, testOy), Accuracy(head, testC, testCy));
    }

    [Fact]
    public void Features_that_hold_the_subject_give_a_head_that_reads_it_on_counterfactuals()
    {
        var (orig, cf) = CeilingOf(subjectSignal: 1.0);
        Assert.True(cf > 0.9, $"acc_cf {cf}");
        Assert.True(orig > 0.9, $"acc_orig {orig}");
    }

    [Fact]
    public void Features_without_the_subject_leave_counterfactuals_near_chance()
    {
        var (orig, cf) = CeilingOf(subjectSignal: 0.0);
        Assert.True(cf < 0.45, $"acc_cf {cf}"); // chance is 1/3: the background is all there is to read
        Assert.True(orig > 0.85, $"acc_orig {orig}");
    }

    [Fact]
    public void The_fit_is_deterministic_for_a_seed()
    {
        var random = new Random(3);
        var (o, oy) = Draw(random, 120, 0.5, false);
        var (c, cy) = Draw(random, 120, 0.5, true);
        var (a, l2a) = FeatureCeiling.Fit(o, oy, c, cy, Classes, seed: 5);
        var (b, l2b) = FeatureCeiling.Fit(o, oy, c, cy, Classes, seed: 5);
        Assert.Equal(l2a, l2b);
        Assert.Equal(a.Weight, b.Weight);
        Assert.Equal(a.Bias, b.Bias);
    }

    [Fact]
    public void A_low_ceiling_says_what_to_do_instead()
    {
        var low = new FeatureCeiling(500, 1200, 0.01, 0.952, 0.202, 0.067);
        var high = new FeatureCeiling(100, 100, 0.01, 0.96, 0.845, 0.653);
        Assert.True(low.IsLow);
        Assert.False(high.IsLow);
        Assert.Contains("gap closed 6.7 %", low.Describe());
        Assert.Contains("pretrained weights", low.Describe());
        Assert.DoesNotContain("pretrained weights", high.Describe());
        // A reversed test (dataset (a): the baseline reads 55 % of counterfactuals, 10 % of originals) has no gap to close: no warning.
        var reversed = new FeatureCeiling(3000, 20000, 0.01, 0.331, 0.733, null);
        Assert.False(reversed.IsLow);
        Assert.Contains("no gap to close", reversed.Describe());
        Assert.DoesNotContain("pretrained weights", reversed.Describe());
    }

    [Fact]
    public void Without_originals_or_counterfactuals_it_refuses()
    {
        var one = new List<float[]> { new float[] { 1, 0 } };
        Assert.Throws<ArgumentException>(() => FeatureCeiling.Fit([], [], one, [0], 2, 1));
        Assert.Throws<ArgumentException>(() => FeatureCeiling.Fit(one, [0], [], [], 2, 1));
    }
}
