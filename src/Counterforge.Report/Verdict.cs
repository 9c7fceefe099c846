using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement;

namespace Counterforge.Report;

/// <summary>
/// What a person decides from, in a few lines: the weaknesses found (the kinds flagged on validation, with their test flip
/// rate against the null edit's), and for each budget the repair that did most for the flagged kinds without a significant
/// cost on originals (<see cref="CostsOriginals"/>), with that cost, and the stronger repair that such a cost rules out.
/// </summary>
/// <param name="Weaknesses">Kinds flagged on validation, with their test numbers.</param>
/// <param name="FlaggedOnTestOnly">Kinds the test split flags that validation did not (not targeted; worth a look).</param>
/// <param name="Baseline">The model before reinforcement (the "none" row); null when reinforcement has not run.</param>
/// <param name="BestPerBudget">For each K, the row with the highest acc_cf on the flagged kinds among those without a significant
/// cost on originals (ties: higher acc_orig); the highest of all when every row has one.</param>
/// <param name="CostlierPerBudget">For each K, a row with a higher acc_cf than the best that a significant cost on originals ruled out.</param>
/// <param name="Best">The best of those: the repair the gallery shows image by image.</param>
internal sealed record Verdict(
    IReadOnlyList<KindSummary> Weaknesses,
    IReadOnlyList<KindSummary> FlaggedOnTestOnly,
    RateSummary Control,
    string TargetKinds,
    ReinforcementRow? Baseline,
    IReadOnlyList<ReinforcementRow> BestPerBudget,
    IReadOnlyDictionary<int, ReinforcementRow> CostlierPerBudget,
    ReinforcementRow? Best,
    double MaxOrigDrop)
{
    public static Verdict Of(ModelSummary model)
    {
        var kinds = model.StressTest.Kinds.ToDictionary(k => k.Kind);
        var weaknesses = model.FlaggedOnValidation.Where(kinds.ContainsKey).Select(k => kinds[k]).ToList();
        var testOnly = model.StressTest.Kinds.Where(k => k.Weakness && !model.FlaggedOnValidation.Contains(k.Kind)).ToList();
        var baseline = model.Reinforcement.FirstOrDefault(r => r.Method == ReinforcementRow.Methods.None);
        bool Costs(ReinforcementRow row) => CostsOriginals(row, baseline, model.MaxOrigDrop);
        var best = new List<ReinforcementRow>();
        var costlier = new Dictionary<int, ReinforcementRow>();
        foreach (var budget in model.Reinforcement.Where(r => r.K > 0 && !double.IsNaN(r.AccCf)).GroupBy(r => r.K).OrderBy(g => g.Key))
        {
            var ranked = budget.OrderByDescending(r => r.AccCf).ThenByDescending(r => r.AccOrig).ToList();
            var chosen = ranked.FirstOrDefault(r => !Costs(r)) ?? ranked[0];
            best.Add(chosen);
            if (ranked[0] != chosen && ranked[0].AccCf > chosen.AccCf) costlier[budget.Key] = ranked[0];
        }
        var overall = best.OrderBy(Costs).ThenByDescending(r => r.AccCf).ThenByDescending(r => r.AccOrig).ThenBy(r => r.K).FirstOrDefault();
        string targets = model.FlaggedOnValidation.Count > 0 ? string.Join(", ", model.FlaggedOnValidation) : "all kinds";
        return new Verdict(weaknesses, testOnly, model.StressTest.NullEdit, targets, baseline, best, costlier, overall, model.MaxOrigDrop);
    }

    /// <summary>
    /// A repair costs originals when it loses more than the tolerance α was chosen with on validation
    /// (the run's --max-orig-drop) and McNemar says the loss is real (p &lt; 0.05, more broken than fixed):
    /// on thousands of images McNemar alone calls a loss of a few tenths of a point significant.
    /// </summary>
    public bool CostsOriginals(ReinforcementRow row) => CostsOriginals(row, Baseline, MaxOrigDrop);

    private static bool CostsOriginals(ReinforcementRow row, ReinforcementRow? baseline, double maxOrigDrop) =>
        row.RepairOnOriginals is { } test && test.PValue < 0.05 && test.Broken > test.Fixed
        && baseline is not null && baseline.AccOrig - row.AccOrig > maxOrigDrop;
}
