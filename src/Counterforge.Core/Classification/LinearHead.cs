namespace Counterforge.Core.Classification;

/// <summary>A linear classifier on features: logits = W·f + b, W is [classes × features] row-major.</summary>
public sealed record LinearHead(int Classes, int Features, float[] Weight, float[] Bias)
{
    public static LinearHead Zeros(int classes, int features) => new(classes, features, new float[classes * features], new float[classes]);

    public float[] Logits(ReadOnlySpan<float> features)
    {
        if (features.Length != Features)
            throw new ArgumentException($"Head expects {Features} features, got {features.Length}.");
        var logits = new float[Classes];
        for (int c = 0; c < Classes; c++)
        {
            double sum = Bias[c];
            var row = Weight.AsSpan(c * Features, Features);
            for (int j = 0; j < Features; j++) sum += row[j] * features[j];
            logits[c] = (float)sum;
        }
        return logits;
    }

    public float[] Probabilities(ReadOnlySpan<float> features) => Softmax(Logits(features));

    public float[][] Probabilities(IReadOnlyList<float[]> features) => features.Select(f => Probabilities(f)).ToArray();

    /// <summary>
    /// (1 − α)·this + α·<paramref name="towards"/>, the paper's weight-space blend of the original head with a new one: α = 0
    /// is this head, α = 1 the other, as in <see cref="ITrainableClassifier.Interpolate"/>.
    /// </summary>
    public LinearHead Interpolate(LinearHead towards, double alpha)
    {
        if (towards.Classes != Classes || towards.Features != Features)
            throw new ArgumentException("Cannot blend heads of different shapes.");
        float Mix(float a, float b) => (float)((1 - alpha) * a + alpha * b);
        return new LinearHead(Classes, Features,
            Weight.Zip(towards.Weight, Mix).ToArray(),
            Bias.Zip(towards.Bias, Mix).ToArray());
    }

    public static float[] Softmax(ReadOnlySpan<float> logits)
    {
        float max = float.NegativeInfinity;
        foreach (var l in logits) max = Math.Max(max, l);
        var result = new float[logits.Length];
        double total = 0;
        for (int i = 0; i < logits.Length; i++) total += result[i] = MathF.Exp(logits[i] - max);
        for (int i = 0; i < logits.Length; i++) result[i] = (float)(result[i] / total);
        return result;
    }
}
