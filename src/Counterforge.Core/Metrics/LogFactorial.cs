namespace Counterforge.Core.Metrics;

/// <summary>
/// ln(n!) by summing logarithms: exact tests on a few thousand images need binomial coefficients far beyond what a double
/// holds (C(2000, 1000) ≈ 10⁶⁰⁰), so they are formed in log space.
/// </summary>
internal static class LogFactorial
{
    private static readonly object Gate = new();
    private static double[] _table = [0.0];

    public static double Of(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "factorial of a negative number");
        var table = _table;
        if (n < table.Length) return table[n];
        lock (Gate)
        {
            if (n >= _table.Length)
            {
                var grown = new double[Math.Max(n + 1, _table.Length * 2)];
                Array.Copy(_table, grown, _table.Length);
                for (int i = _table.Length; i < grown.Length; i++) grown[i] = grown[i - 1] + Math.Log(i);
                _table = grown;
            }
            return _table[n];
        }
    }

    public static double Choose(int n, int k) => Of(n) - Of(k) - Of(n - k);
}
