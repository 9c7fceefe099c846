namespace Counterforge.Core.Reinforcement;

/// <summary>One blend on the trade-off front: which row and weight made it, and its validation accuracies.</summary>
/// <param name="Chosen">This is the blend its row chose (with the run's <c>--max-orig-drop</c>).</param>
public sealed record FrontPoint(string Method, string Selection, int K, double Alpha, double? L2, double ValAccOrig, double ValAccCf, bool Chosen);

/// <summary>
/// The trade-off between accuracy on originals and on counterfactuals that the blends of a run offer, on validation (where α
/// is chosen): every blend of every row's sweep that no other blend beats on both. Where the shortcut predicts the label
/// better than the subject does, robustness must cost originals; the front shows how much each step of it costs, and the
/// points marked chosen show where the run's <c>--max-orig-drop</c> put each row.
/// </summary>
public static class ParetoFront
{
    public static IReadOnlyList<FrontPoint> Of(IReadOnlyList<ReinforcementRow> rows)
    {
        var points = rows.Where(r => r.Sweep is not null).SelectMany(r => r.Sweep!.Select(p => new FrontPoint(
            r.Method, r.Selection, r.K, p.Alpha, r.Method == ReinforcementRow.Methods.LastLayer ? p.L2 : null, p.ValAccOrig, p.ValAccCf,
            Chosen: r.Alpha is { } alpha && alpha == p.Alpha && (r.L2 is null || p.Alpha == 0 || r.L2 == p.L2)))).ToList();
        bool Dominated(FrontPoint p) => points.Any(q => q.ValAccOrig >= p.ValAccOrig && q.ValAccCf >= p.ValAccCf
            && (q.ValAccOrig > p.ValAccOrig || q.ValAccCf > p.ValAccCf));
        // Equal scores are one point of the front: the smallest change that reaches them (α = 0 is the original model in every sweep).
        return points.Where(p => !Dominated(p))
            .GroupBy(p => (p.ValAccOrig, p.ValAccCf))
            .Select(g => g.OrderByDescending(p => p.Chosen).ThenBy(p => p.Alpha).First())
            .OrderByDescending(p => p.ValAccOrig).ThenBy(p => p.ValAccCf).ToList();
    }
}
