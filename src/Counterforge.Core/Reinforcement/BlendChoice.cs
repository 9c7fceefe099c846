namespace Counterforge.Core.Reinforcement;

/// <summary>One candidate blend of an original model with a reinforced one, as validation scored it.</summary>
public sealed record AlphaPoint(double L2, double Alpha, double ValAccOrig, double ValAccCf);

/// <summary>
/// How every blend in stage 2 is chosen on validation: the highest counterfactual accuracy among the candidates whose
/// accuracy on originals stays within a given drop (by default <see cref="MaxOriginalDrop"/>, one point) of the original model's (ties go to the smaller α,
/// the smaller change, then to the stronger penalty). α = 0 is the original model, so a candidate always qualifies.
/// </summary>
public static class BlendChoice
{
    /// <summary>The default of <c>--max-orig-drop</c>: a repair may cost at most one point of validation accuracy on originals.</summary>
    public const double MaxOriginalDrop = 0.01;
    public static readonly IReadOnlyList<double> Alphas = Enumerable.Range(0, 11).Select(i => i / 10.0).ToList();

    /// <param name="maxOriginalDrop">The loss of validation accuracy on originals the user accepts (0..1).</param>
    public static AlphaPoint Pick(IReadOnlyList<AlphaPoint> sweep, double originalValAccOrig, double maxOriginalDrop = MaxOriginalDrop) =>
        sweep.Where(p => p.ValAccOrig >= originalValAccOrig - maxOriginalDrop - 1e-12)
            .OrderByDescending(p => p.ValAccCf).ThenBy(p => p.Alpha).ThenByDescending(p => p.L2)
            .FirstOrDefault() ?? sweep.OrderBy(p => p.Alpha).First();
}
