using Counterforge.Core.Metrics;
using Counterforge.Core.Reinforcement;

namespace Counterforge.Core.Tests;

public class DfrTests
{
    /// <summary>Feature 0 carries the class weakly but always; feature 1 carries the (group) attribute strongly; the rest is noise.</summary>
    private static (List<float[]> X, List<int> Y, List<string> G) Data(int n, double pAligned, int seed)
    {
        var random = new Random(seed);
        var x = new List<float[]>();
        var y = new List<int>();
        var g = new List<string>();
        for (int i = 0; i < n; i++)
        {
            int label = i % 2;
            int attribute = random.NextDouble() < pAligned ? label : 1 - label;
            var f = new float[8];
            for (int j = 0; j < f.Length; j++) f[j] = (float)(random.NextDouble() - 0.5);
            f[0] = (float)(2 * random.NextDouble() - 1) + (label == 1 ? 0.6f : -0.6f);
            f[1] += attribute == 1 ? 3f : -3f;
            x.Add(f);
            y.Add(label);
            g.Add($"{label}/{attribute}");
        }
        return (x, y, g);
    }

    private static double WorstGroup(Core.Classification.LinearHead head, (List<float[]> X, List<int> Y, List<string> G) data) =>
        GroupAccuracy.Of(data.X.Select((f, i) => (data.G[i], PairOutcome.ArgMax(head.Probabilities(f)) == data.Y[i])), new Dictionary<string, int>()).WorstGroupAccuracy;

    [Fact]
    public void A_head_fitted_on_group_balanced_images_ignores_the_spurious_feature_that_a_biased_fit_relies_on()
    {
        var biased = Data(400, 0.95, 1);
        var balanced = Data(80, 0.5, 2);
        var tune = Data(80, 0.5, 3);
        var test = Data(400, 0.5, 4);

        var erm = HeadTrainer.Fit(biased.X, biased.Y, 2, new HeadFitOptions());
        var dfr = Dfr.Fit(balanced.X, balanced.Y, balanced.G, tune.X, tune.Y, tune.G, classes: 2, seed: 1);

        Assert.True(WorstGroup(erm, test) < 0.5, $"ERM worst group {WorstGroup(erm, test)}");
        Assert.True(WorstGroup(dfr.Head, test) > 0.6, $"DFR worst group {WorstGroup(dfr.Head, test)}");
        Assert.Contains(dfr.C, Dfr.DefaultCs);
    }

    [Fact]
    public void Dfr_is_deterministic_for_a_seed()
    {
        var balanced = Data(40, 0.5, 5);
        var a = Dfr.Fit(balanced.X, balanced.Y, balanced.G, balanced.X, balanced.Y, balanced.G, 2, seed: 7);
        var b = Dfr.Fit(balanced.X, balanced.Y, balanced.G, balanced.X, balanced.Y, balanced.G, 2, seed: 7);
        Assert.Equal(a.Head.Weight, b.Head.Weight);
    }
}
