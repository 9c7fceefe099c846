namespace Counterforge.Core.Metrics;

/// <summary>A proportion with its Wilson score interval (95 % by default), which stays inside [0, 1] and behaves at small n.</summary>
public readonly record struct Proportion(int Successes, int Trials, double Value, double Low, double High)
{
    public static Proportion Of(int successes, int trials, double z = 1.959963984540054)
    {
        if (successes < 0 || trials < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(nameof(successes), $"{successes} successes of {trials} trials");
        if (trials == 0) return new Proportion(0, 0, 0, 0, 1);
        double n = trials, p = successes / n, z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // The bounds are exact at the ends; computed, they would carry rounding error (1e-17 instead of 0).
        double low = successes == 0 ? 0 : Math.Max(0, centre - half);
        double high = successes == trials ? 1 : Math.Min(1, centre + half);
        return new Proportion(successes, trials, p, low, high);
    }
}
