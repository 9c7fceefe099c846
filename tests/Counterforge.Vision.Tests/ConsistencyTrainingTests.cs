using Counterforge.Core.Classification;
using Counterforge.Vision.Training;
using static TorchSharp.torch;

namespace Counterforge.Vision.Tests;

/// <summary>The counterfactual consistency term: its value, and that it ties a counterfactual's prediction to its original's.</summary>
public sealed class ConsistencyTrainingTests : IDisposable
{
    private static readonly string[] TwoClasses = ["horizontal", "vertical"];
    private readonly TestImages images = new();

    public void Dispose() => images.Dispose();

    [Fact]
    public void The_term_is_the_mean_symmetric_kl_divergence_of_each_row_and_its_counterpart()
    {
        // Rows: two batch images (the second has a counterpart), then that counterpart.
        float[] a = [2f, 0f], b = [0.5f, -1f], partner = [-1f, 1.5f];
        using var logits = tensor(a.Concat(b).Concat(partner).ToArray(), [3, 2]);
        var pairs = new Counterparts.Pairs(tensor(new long[] { 1 }), zeros(1));
        using var value = Counterparts.Consistency(logits, pairs, batchRows: 2);

        double[] p = Softmax(b), q = Softmax(partner);
        double expected = 0.5 * Enumerable.Range(0, 2).Sum(i => p[i] * Math.Log(p[i] / q[i]) + q[i] * Math.Log(q[i] / p[i]));
        Assert.Equal(expected, value.item<float>(), 5);

        using var same = tensor(a.Concat(b).Concat(b).ToArray(), [3, 2]);
        using var zero = Counterparts.Consistency(same, pairs, batchRows: 2);
        Assert.Equal(0, zero.item<float>(), 6);
    }

    [Fact]
    public void Training_with_the_term_makes_each_counterfactual_predicted_like_its_original()
    {
        // Stripes carry the labels; busy images paired with them carry none (weight 0), so only the term can tie a busy
        // image's prediction to its stripe's.
        var originals = images.StripeSet(16);
        var busy = images.RandomSet("busy", 16, 32, seed: 3);
        var data = originals.Concat(busy.Select((path, i) => new LabeledImage(path, originals[i].Label, Weight: 0f, Counterpart: originals[i].ImagePath))).ToList();

        double Divergence(double weight)
        {
            using var classifier = ClassifierRegistry.Create(new ClassifierOptions(ClassifierRegistry.ResNet18, TwoClasses) { Seed = 2, ImageSize = 32 });
            classifier.Train(data, new TrainingOptions(Epochs: 4, BatchSize: 16, LearningRate: 0.05, Seed: 5, Augment: false, ConsistencyWeight: weight));
            var own = classifier.PredictProbabilities(busy);
            var theirs = classifier.PredictProbabilities(originals.Select(o => o.ImagePath).ToList());
            return own.Zip(theirs, (p, q) => Enumerable.Range(0, 2).Sum(i => (p[i] - q[i]) * Math.Log(Math.Max(p[i], 1e-7) / Math.Max(q[i], 1e-7)))).Average();
        }

        double without = Divergence(0), with = Divergence(5);
        Assert.True(with < without / 2, $"symmetric KL of the pairs: {with:0.####} with the term, {without:0.####} without");
    }

    [Fact]
    public void Without_a_weight_counterparts_are_not_read_and_head_only_training_refuses_the_term()
    {
        using var classifier = ClassifierRegistry.Create(new ClassifierOptions(ClassifierRegistry.ResNet18, TwoClasses) { Seed = 2, ImageSize = 32 });
        var data = images.StripeSet(4).Select(d => d with { Counterpart = Path.Combine(images.Folder, "missing.png") }).ToList();
        classifier.Train(data, new TrainingOptions(Epochs: 1, BatchSize: 4));
        var error = Assert.Throws<ArgumentException>(() => classifier.Train(data, new TrainingOptions(Epochs: 1, HeadOnly: true, ConsistencyWeight: 1)));
        Assert.Contains("head-only", error.Message);
    }

    private static double[] Softmax(float[] logits)
    {
        var e = logits.Select(v => Math.Exp(v)).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }
}
