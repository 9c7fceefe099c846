namespace Counterforge.Core.Reinforcement;

/// <summary>One candidate blend of an original model with a reinforced one, as validation scored it.</summary>
public sealed record AlphaPoint(double L2, double Alpha, double ValAccOrig, double ValAccCf);

/// <summary>
/// How every blend in stage 2 is chosen on validation. A candidate qualifies when its accuracy on originals stays within a
/// given drop (by default <see cref="MaxOriginalDrop"/>, one point) of the original model's; α = 0 is the original model, so
/// one always does. Among them, by <see cref="Best"/> (the default) the highest counterfactual accuracy (ties go to the
/// smaller α, the smaller change, then to the stronger penalty); by <see cref="Strongest"/> the largest α whose
/// counterfactual accuracy is within one binomial standard error of the highest, then the higher accuracy, then the
/// stronger penalty: the one-standard-error rule pointed at the repair, for validation counterfactuals that cannot rank
/// blends a point apart (a generator's: docs/generative.md, section 5).
/// </summary>
public static class BlendChoice
{
    /// <summary>The default of <c>--max-orig-drop</c>: a repair may cost at most one point of validation accuracy on originals.</summary>
    public const double MaxOriginalDrop = 0.01;

    /// <summary>The default rule: the highest validation counterfactual accuracy.</summary>
    public const string Best = "best";

    /// <summary>The largest α within one standard error of the highest validation counterfactual accuracy.</summary>
    public const string Strongest = "strongest";

    public static readonly IReadOnlyList<string> Rules = [Best, Strongest];

    public static readonly IReadOnlyList<double> Alphas = Enumerable.Range(0, 11).Select(i => i / 10.0).ToList();

    /// <param name="maxOriginalDrop">The loss of validation accuracy on originals the user accepts (0..1).</param>
    /// <param name="rule"><see cref="Best"/> or <see cref="Strongest"/>.</param>
    /// <param name="counterfactualCount">How many validation counterfactuals each <see cref="AlphaPoint.ValAccCf"/> is measured on:
    /// the width of <see cref="Strongest"/>'s band (with none, there is nothing to repair towards and the smallest α is kept).</param>
    public static AlphaPoint Pick(IReadOnlyList<AlphaPoint> sweep, double originalValAccOrig, double maxOriginalDrop = MaxOriginalDrop,
        string rule = Best, int counterfactualCount = 0)
    {
        if (!Rules.Contains(rule)) throw new ArgumentException($"Unknown blend rule '{rule}': one of {string.Join(", ", Rules)}.", nameof(rule));
        var qualified = sweep.Where(p => p.ValAccOrig >= originalValAccOrig - maxOriginalDrop - 1e-12).ToList();
        if (qualified.Count == 0 || (rule == Strongest && counterfactualCount <= 0)) return sweep.OrderBy(p => p.Alpha).First();
        if (rule == Best) return qualified.OrderByDescending(p => p.ValAccCf).ThenBy(p => p.Alpha).ThenByDescending(p => p.L2).First();
        double best = qualified.Max(p => p.ValAccCf);
        double band = Math.Sqrt(best * (1 - best) / counterfactualCount);
        return qualified.Where(p => p.ValAccCf >= best - band - 1e-12)
            .OrderByDescending(p => p.Alpha).ThenByDescending(p => p.ValAccCf).ThenByDescending(p => p.L2).First();
    }
}
