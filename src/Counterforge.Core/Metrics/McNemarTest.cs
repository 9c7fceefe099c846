namespace Counterforge.Core.Metrics;

/// <summary>
/// McNemar's exact test of a repair on the same images: of the images whose correctness changed, did more become right
/// (<see cref="Fixed"/>) than wrong (<see cref="Broken"/>)? Under the null hypothesis (the repair changes nothing but noise)
/// each changed image is fixed or broken with probability ½, so the two-sided p-value is twice the binomial tail of the
/// smaller count, capped at 1. Images right (or wrong) both times carry no information about the change and do not enter.
/// </summary>
/// <param name="N">Images compared (the same ones before and after).</param>
/// <param name="Fixed">Wrong before, right after.</param>
/// <param name="Broken">Right before, wrong after.</param>
public sealed record McNemarTest(int N, int Fixed, int Broken, double PValue)
{
    public static McNemarTest Of(IEnumerable<(bool CorrectBefore, bool CorrectAfter)> images)
    {
        int n = 0, fixedCount = 0, broken = 0;
        foreach (var (before, after) in images)
        {
            n++;
            if (!before && after) fixedCount++;
            if (before && !after) broken++;
        }
        return new McNemarTest(n, fixedCount, broken, ExactPValue(fixedCount, broken));
    }

    /// <summary>Two-sided exact p-value: min(1, 2·P(X ≤ min(b, c))) for X ~ Binomial(b + c, ½); 1 when nothing changed.</summary>
    public static double ExactPValue(int fixedCount, int broken)
    {
        int changed = fixedCount + broken;
        if (changed == 0) return 1;
        int smaller = Math.Min(fixedCount, broken);
        double logHalfPower = changed * Math.Log(0.5);
        double tail = 0;
        for (int i = 0; i <= smaller; i++) tail += Math.Exp(LogFactorial.Choose(changed, i) + logHalfPower);
        return Math.Min(1, 2 * tail);
    }
}
