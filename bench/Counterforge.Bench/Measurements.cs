using System.Globalization;

namespace Counterforge.Bench;

/// <summary>Repeated throughput readings (images per second) and their median and spread.</summary>
internal sealed record Measurements(IReadOnlyList<double> Rates)
{
    public double Median
    {
        get
        {
            var sorted = Rates.Order().ToArray();
            int n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    public double Min => Rates.Min();

    public double Max => Rates.Max();

    /// <summary>"151.2 (140.0–155.3)": median with min–max over the repetitions.</summary>
    public override string ToString() => $"{F(Median, 1)} ({F(Min, 1)}–{F(Max, 1)})";

    /// <summary>Ratio of medians ours/theirs, with the range that the two spreads allow: [min/max, max/min].</summary>
    public static string Ratio(Measurements ours, Measurements theirs) =>
        $"{F(ours.Median / theirs.Median, 2)} ({F(ours.Min / theirs.Max, 2)}–{F(ours.Max / theirs.Min, 2)})";

    public static string F(double value, int digits) => value.ToString("F" + digits, CultureInfo.InvariantCulture);
}
