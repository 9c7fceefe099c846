using Counterforge.Core.Metrics;

namespace Counterforge.Core.Analysis;

/// <summary>A flip rate tested against the null-edit control: p (one-sided), q (Benjamini–Hochberg over the family tested together), and the flag.</summary>
public sealed record Significance(double PValue, double QValue, bool Flagged);

/// <summary>
/// Per-word and per-cluster weaknesses: each group's flip rate against the null-edit control's (Fisher's exact test, one
/// sided: the edit flips more than the generator alone does), flagged when its Benjamini–Hochberg q-value is at most the FDR.
/// Dozens of words are tested on one split; without the correction a few would be flagged by chance alone.
/// </summary>
public static class ControlComparison
{
    public const double DefaultFdr = 0.05;

    public static IReadOnlyList<Significance> Test(IReadOnlyList<Proportion> flipRates, Proportion control, double fdr = DefaultFdr)
    {
        var p = flipRates.Select(f => FisherExactTest.Greater(f, control)).ToList();
        var q = BenjaminiHochberg.Adjust(p);
        return p.Select((value, i) => new Significance(value, q[i], q[i] <= fdr)).ToList();
    }
}
