namespace Counterforge.Core.Metrics;

/// <summary>
/// Benjamini–Hochberg adjusted p-values (q-values): testing many words or clusters at once, flagging those with
/// q ≤ FDR keeps the expected share of false flags among all flags at most FDR (for independent or positively dependent
/// tests), where flagging every p ≤ 0.05 would flag about one in twenty harmless words.
/// </summary>
public static class BenjaminiHochberg
{
    /// <summary>q_(i) = min over j ≥ i of p_(j)·m / j, p sorted ascending, capped at 1; returned in the input order.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        int m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        double running = 1;
        for (int rank = m; rank >= 1; rank--)
        {
            int i = order[rank - 1];
            running = Math.Min(running, pValues[i] * m / rank);
            adjusted[i] = Math.Min(1, running);
        }
        return adjusted;
    }
}
