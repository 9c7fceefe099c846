using Counterforge.Core.Classification;
using Counterforge.Core.Metrics;
using Counterforge.Core.Reinforcement;

namespace Counterforge.Core.Tests;

public class HeadTrainerTests
{
    /// <summary>Class c's features: dimension c is large; the rest is noise with a large offset and scale, as raw CNN features have.</summary>
    private static (List<float[]> X, List<int> Y) Blobs(int perClass, int classes, int dims, int seed)
    {
        var random = new Random(seed);
        var x = new List<float[]>();
        var y = new List<int>();
        for (int c = 0; c < classes; c++)
            for (int i = 0; i < perClass; i++)
            {
                var f = new float[dims];
                for (int j = 0; j < dims; j++) f[j] = 50 + 10 * (float)random.NextDouble();
                f[c] += 12;
                x.Add(f);
                y.Add(c);
            }
        return (x, y);
    }

    private static double Accuracy(LinearHead head, List<float[]> x, List<int> y) =>
        x.Select((f, i) => PairOutcome.ArgMax(head.Probabilities(f)) == y[i]).Count(ok => ok) / (double)x.Count;

    [Fact]
    public void Fits_a_separable_problem_in_raw_feature_space()
    {
        var (x, y) = Blobs(40, 3, 16, 1);
        var head = HeadTrainer.Fit(x, y, 3, new HeadFitOptions());
        Assert.Equal(3, head.Classes);
        Assert.Equal(16, head.Features);
        Assert.True(Accuracy(head, x, y) >= 0.97, $"accuracy {Accuracy(head, x, y)}");
        var (testX, testY) = Blobs(40, 3, 16, 2);
        Assert.True(Accuracy(head, testX, testY) >= 0.9);
    }

    [Fact]
    public void An_L1_penalty_zeroes_the_weights_of_noise_features()
    {
        var (x, y) = Blobs(40, 2, 20, 3);
        var lasso = HeadTrainer.Fit(x, y, 2, new HeadFitOptions(L2: 0, L1: 0.05, Iterations: 500));
        var ridge = HeadTrainer.Fit(x, y, 2, new HeadFitOptions(L2: 1e-3));
        int Zeros(LinearHead h) => h.Weight.Count(w => w == 0);
        Assert.True(Zeros(lasso) > 30, $"{Zeros(lasso)} zero weights");
        Assert.Equal(0, Zeros(ridge));
        Assert.True(Accuracy(lasso, x, y) >= 0.95);
    }

    [Fact]
    public void Example_weights_shift_the_decision()
    {
        // Two contradicting points: the heavier one wins.
        var x = new List<float[]> { new[] { 1f }, new[] { 1f }, new[] { -1f } };
        var light = HeadTrainer.Fit(x, [0, 1, 1], 2, new HeadFitOptions(), [10f, 1f, 1f]);
        Assert.Equal(0, PairOutcome.ArgMax(light.Probabilities([1f])));
        var heavy = HeadTrainer.Fit(x, [0, 1, 1], 2, new HeadFitOptions(), [1f, 10f, 1f]);
        Assert.Equal(1, PairOutcome.ArgMax(heavy.Probabilities([1f])));
    }

    [Fact]
    public void Fitting_is_deterministic()
    {
        var (x, y) = Blobs(20, 2, 8, 4);
        Assert.Equal(HeadTrainer.Fit(x, y, 2, new HeadFitOptions()).Weight, HeadTrainer.Fit(x, y, 2, new HeadFitOptions()).Weight);
    }
}
