namespace Counterforge.Core.Metrics;

/// <summary>
/// Gap closed's 95 % paired-bootstrap interval, and the interval of the gap it divides by (acc_orig − acc_cf of the
/// baseline). When the gap's interval reaches zero the ratio means nothing (a 2-point gap makes a 1-point change "50 %"),
/// and people are shown "n/a (gap not significant)" instead of a number.
/// </summary>
public sealed record GapClosedInterval(double Low, double High, double GapLow, double GapHigh)
{
    public const int Resamples = 2000;
    public const string NotSignificant = "n/a (gap not significant)";

    public bool GapSignificant => GapLow > 0;

    /// <summary>
    /// Resamples the test originals (the baseline right or wrong on each) and the counterfactuals (the baseline and the
    /// repaired model on each, paired by image) independently, with replacement, <see cref="Resamples"/> times. The same
    /// seed draws the same resamples for every row of a run, so all rows agree on whether the gap is significant.
    /// </summary>
    /// <returns>null when there is nothing to resample (no originals or no counterfactuals).</returns>
    public static GapClosedInterval? Of(IReadOnlyList<bool> originalsBefore, IReadOnlyList<(bool Before, bool After)> counterfactuals, int seed)
    {
        if (originalsBefore.Count == 0 || counterfactuals.Count == 0) return null;
        var random = new Random(seed);
        var gaps = new double[Resamples];
        var closed = new List<double>(Resamples);
        for (int r = 0; r < Resamples; r++)
        {
            int origRight = 0;
            for (int i = 0; i < originalsBefore.Count; i++)
                if (originalsBefore[random.Next(originalsBefore.Count)]) origRight++;
            int cfBefore = 0, cfAfter = 0;
            for (int i = 0; i < counterfactuals.Count; i++)
            {
                var (before, after) = counterfactuals[random.Next(counterfactuals.Count)];
                if (before) cfBefore++;
                if (after) cfAfter++;
            }
            double accOrig = origRight / (double)originalsBefore.Count, accCfBefore = cfBefore / (double)counterfactuals.Count;
            gaps[r] = accOrig - accCfBefore;
            // A resample with no gap has no ratio; when the gap is significant such resamples are rare by definition.
            if (gaps[r] > 1e-9) closed.Add((cfAfter / (double)counterfactuals.Count - accCfBefore) / gaps[r]);
        }
        Array.Sort(gaps);
        closed.Sort();
        return closed.Count == 0
            ? new GapClosedInterval(double.NaN, double.NaN, Quantile(gaps, 0.025), Quantile(gaps, 0.975))
            : new GapClosedInterval(Quantile(closed, 0.025), Quantile(closed, 0.975), Quantile(gaps, 0.025), Quantile(gaps, 0.975));
    }

    /// <summary>How a row's gap closed is written: "58.3 % [41.0, 72.5]", or n/a when its gap is not significant.</summary>
    public static string Format(double gapClosed, GapClosedInterval? interval)
    {
        if (interval is null) return Percent.Format(gapClosed);
        if (!interval.GapSignificant) return NotSignificant;
        return $"{Percent.Format(gapClosed)} [{Points(interval.Low)}, {Points(interval.High)}]";
    }

    private static string Points(double fraction) => (fraction * 100).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The linear-interpolation quantile of sorted values (numpy's default).</summary>
    private static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
