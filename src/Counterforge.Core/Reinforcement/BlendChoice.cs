namespace Counterforge.Core.Reinforcement;

/// <summary>One candidate blend of an original model with a reinforced one, as validation scored it.</summary>
public sealed record AlphaPoint(double L2, double Alpha, double ValAccOrig, double ValAccCf);

/// <summary>
/// How every blend in stage 2 is chosen on validation. A candidate qualifies when its accuracy on originals stays within a
/// given drop (by default <see cref="MaxOriginalDrop"/>, one point) of the original model's; α = 0 is the original model, so
/// one always does. Among them, the strongest repair that validation cannot tell from the best: the largest α whose
/// counterfactual accuracy is within one binomial standard error of the highest, then at that α the higher counterfactual
/// accuracy, then the stronger penalty. This is the one-standard-error rule pointed at the repair rather than away from it:
/// the drop bound already guards the originals, which is what blending back protects, and a few hundred validation
/// counterfactuals cannot rank blends a point or two apart (on a generator's counterfactuals the exact maximum stopped one repair at α = 0.5,
/// which closed 26 % of the gap on exact renders where α = 1 closed 38 %; docs/generative.md, section 5).
/// </summary>
public static class BlendChoice
{
    /// <summary>The default of <c>--max-orig-drop</c>: a repair may cost at most one point of validation accuracy on originals.</summary>
    public const double MaxOriginalDrop = 0.01;
    public static readonly IReadOnlyList<double> Alphas = Enumerable.Range(0, 11).Select(i => i / 10.0).ToList();

    /// <param name="counterfactualCount">How many validation counterfactuals each <see cref="AlphaPoint.ValAccCf"/> is measured on
    /// (the width of the band); with none there is nothing to repair towards, and the original model (the smallest α) is kept.</param>
    /// <param name="maxOriginalDrop">The loss of validation accuracy on originals the user accepts (0..1).</param>
    public static AlphaPoint Pick(IReadOnlyList<AlphaPoint> sweep, double originalValAccOrig, int counterfactualCount, double maxOriginalDrop = MaxOriginalDrop)
    {
        var qualified = sweep.Where(p => p.ValAccOrig >= originalValAccOrig - maxOriginalDrop - 1e-12).ToList();
        if (qualified.Count == 0 || counterfactualCount <= 0) return sweep.OrderBy(p => p.Alpha).First();
        double best = qualified.Max(p => p.ValAccCf);
        double band = Math.Sqrt(best * (1 - best) / counterfactualCount);
        return qualified.Where(p => p.ValAccCf >= best - band - 1e-12)
            .OrderByDescending(p => p.Alpha).ThenByDescending(p => p.ValAccCf).ThenByDescending(p => p.L2).First();
    }
}
