namespace Counterforge.Core.Metrics;

/// <summary>
/// Fisher's exact test, one-sided: is the first proportion larger than the second? With the margins of the 2×2 table fixed,
/// the first group's successes follow a hypergeometric law; the p-value is its upper tail from the observed count. Exact at
/// the small counts a single word or edit cluster has, where a normal approximation is not.
/// </summary>
public static class FisherExactTest
{
    public static double Greater(Proportion first, Proportion second)
    {
        int n1 = first.Trials, n2 = second.Trials, successes = first.Successes + second.Successes;
        if (n1 == 0 || n2 == 0) return 1;
        int total = n1 + n2;
        int highest = Math.Min(n1, successes);
        double logDenominator = LogFactorial.Choose(total, successes);
        double tail = 0;
        for (int x = first.Successes; x <= highest; x++)
            tail += Math.Exp(LogFactorial.Choose(n1, x) + LogFactorial.Choose(n2, successes - x) - logDenominator);
        return Math.Min(1, tail);
    }
}
