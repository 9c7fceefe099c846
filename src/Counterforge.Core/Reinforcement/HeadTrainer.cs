using Counterforge.Core.Classification;

namespace Counterforge.Core.Reinforcement;

/// <summary>How a linear head is fitted: L2 (ridge) or L1 (lasso) penalty on the weights, never on the bias.</summary>
public sealed record HeadFitOptions(double L2 = 1e-3, double L1 = 0, int Iterations = 300);

/// <summary>
/// Fits a multinomial logistic-regression head on frozen features by accelerated proximal gradient (FISTA),
/// in centred, globally rescaled feature space (so one step size and one penalty scale suit any backbone), and returns it
/// in the raw feature space the classifier uses, so it can replace or be blended with the classifier's own head.
/// </summary>
public static class HeadTrainer
{
    public static LinearHead Fit(IReadOnlyList<float[]> features, IReadOnlyList<int> labels, int classes, HeadFitOptions options, IReadOnlyList<float>? weights = null)
    {
        int n = features.Count;
        if (n == 0) throw new ArgumentException("No training examples for the head.");
        if (labels.Count != n || (weights is not null && weights.Count != n)) throw new ArgumentException("features, labels and weights differ in length.");
        int d = features[0].Length;
        var (mean, scale) = Standardisation(features);
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i * d + j] = (features[i][j] - mean[j]) / scale[j];
        double weightSum = weights?.Sum(w => (double)w) ?? n;
        var w = new double[n];
        for (int i = 0; i < n; i++) w[i] = (weights?[i] ?? 1f) / weightSum;

        // Lipschitz constant of the weighted mean cross-entropy's gradient ≤ ½·λmax(Σ wᵢ x̃ᵢx̃ᵢᵀ) with x̃ = [x, 1].
        double lipschitz = 0.5 * LargestEigenvalue(x, w, n, d) + options.L2;
        double step = 1 / lipschitz;

        int size = classes * (d + 1);
        var theta = new double[size];
        var previous = new double[size];
        var y = new double[size];
        var gradient = new double[size];
        double t = 1;
        for (int iteration = 0; iteration < options.Iterations; iteration++)
        {
            Gradient(x, labels, w, n, d, classes, y, gradient);
            for (int c = 0; c < classes; c++)
            {
                for (int j = 0; j <= d; j++)
                {
                    int k = c * (d + 1) + j;
                    bool isBias = j == d;
                    double value = y[k] - step * (gradient[k] + (isBias ? 0 : options.L2 * y[k]));
                    if (!isBias && options.L1 > 0)
                        value = Math.Sign(value) * Math.Max(0, Math.Abs(value) - step * options.L1);
                    previous[k] = theta[k];
                    theta[k] = value;
                }
            }
            double next = (1 + Math.Sqrt(1 + 4 * t * t)) / 2;
            double momentum = (t - 1) / next;
            for (int k = 0; k < size; k++) y[k] = theta[k] + momentum * (theta[k] - previous[k]);
            t = next;
        }
        return ToRawSpace(theta, mean, scale, classes, d);
    }

    /// <summary>
    /// Centres every feature and divides all of them by one scale, the root-mean-square of the centred features. A scale
    /// per feature would blow up near-constant (dead ReLU) features into unit-variance noise and give them huge raw weights,
    /// which then turn the smallest change of the backbone (fine-tuning) into exploding logits.
    /// </summary>
    private static (float[] Mean, float[] Scale) Standardisation(IReadOnlyList<float[]> features)
    {
        int n = features.Count, d = features[0].Length;
        var mean = new double[d];
        foreach (var f in features)
        {
            if (f.Length != d) throw new ArgumentException("Feature vectors differ in length.");
            for (int j = 0; j < d; j++) mean[j] += f[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        double square = 0;
        foreach (var f in features)
            for (int j = 0; j < d; j++) square += (f[j] - mean[j]) * (f[j] - mean[j]);
        float scale = (float)Math.Max(Math.Sqrt(square / ((double)n * d)), 1e-6);
        return (mean.Select(m => (float)m).ToArray(), Enumerable.Repeat(scale, d).ToArray());
    }

    private static void Gradient(float[] x, IReadOnlyList<int> labels, double[] w, int n, int d, int classes, double[] theta, double[] gradient)
    {
        Array.Clear(gradient);
        var logits = new double[classes];
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * d, d);
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                var weights = theta.AsSpan(c * (d + 1), d);
                double sum = theta[c * (d + 1) + d];
                for (int j = 0; j < d; j++) sum += weights[j] * row[j];
                logits[c] = sum;
                max = Math.Max(max, sum);
            }
            double total = 0;
            for (int c = 0; c < classes; c++) total += logits[c] = Math.Exp(logits[c] - max);
            for (int c = 0; c < classes; c++)
            {
                double residual = w[i] * (logits[c] / total - (labels[i] == c ? 1 : 0));
                var g = gradient.AsSpan(c * (d + 1), d + 1);
                for (int j = 0; j < d; j++) g[j] += residual * row[j];
                g[d] += residual;
            }
        }
    }

    private static double LargestEigenvalue(float[] x, double[] w, int n, int d)
    {
        var v = Enumerable.Repeat(1 / Math.Sqrt(d + 1), d + 1).ToArray();
        double eigenvalue = 1;
        for (int iteration = 0; iteration < 30; iteration++)
        {
            var next = new double[d + 1];
            for (int i = 0; i < n; i++)
            {
                var row = x.AsSpan(i * d, d);
                double dot = v[d];
                for (int j = 0; j < d; j++) dot += row[j] * v[j];
                dot *= w[i];
                for (int j = 0; j < d; j++) next[j] += dot * row[j];
                next[d] += dot;
            }
            eigenvalue = Math.Sqrt(next.Sum(a => a * a));
            if (eigenvalue == 0) return 1;
            for (int j = 0; j <= d; j++) v[j] = next[j] / eigenvalue;
        }
        return eigenvalue * 1.05;
    }

    private static LinearHead ToRawSpace(double[] theta, float[] mean, float[] scale, int classes, int d)
    {
        var weight = new float[classes * d];
        var bias = new float[classes];
        for (int c = 0; c < classes; c++)
        {
            double b = theta[c * (d + 1) + d];
            for (int j = 0; j < d; j++)
            {
                double raw = theta[c * (d + 1) + j] / scale[j];
                weight[c * d + j] = (float)raw;
                b -= raw * mean[j];
            }
            bias[c] = (float)b;
        }
        return new LinearHead(classes, d, weight, bias);
    }
}
