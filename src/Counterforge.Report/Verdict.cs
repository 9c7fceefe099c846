using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement;

namespace Counterforge.Report;

/// <summary>
/// What a person decides from, in a few lines: the weaknesses found (the kinds flagged on validation, with their test flip
/// rate against the null edit's), and for each budget the repair that did most for the flagged kinds, with its cost on originals.
/// </summary>
/// <param name="Weaknesses">Kinds flagged on validation, with their test numbers.</param>
/// <param name="FlaggedOnTestOnly">Kinds the test split flags that validation did not (not targeted; worth a look).</param>
/// <param name="Baseline">The model before reinforcement (the "none" row); null when reinforcement has not run.</param>
/// <param name="BestPerBudget">For each K, the row with the highest acc_cf on the flagged kinds (ties: higher acc_orig).</param>
/// <param name="Best">The best of those: the repair the gallery shows image by image.</param>
internal sealed record Verdict(
    IReadOnlyList<KindSummary> Weaknesses,
    IReadOnlyList<KindSummary> FlaggedOnTestOnly,
    RateSummary Control,
    string TargetKinds,
    ReinforcementRow? Baseline,
    IReadOnlyList<ReinforcementRow> BestPerBudget,
    ReinforcementRow? Best)
{
    public static Verdict Of(ModelSummary model)
    {
        var kinds = model.StressTest.Kinds.ToDictionary(k => k.Kind);
        var weaknesses = model.FlaggedOnValidation.Where(kinds.ContainsKey).Select(k => kinds[k]).ToList();
        var testOnly = model.StressTest.Kinds.Where(k => k.Weakness && !model.FlaggedOnValidation.Contains(k.Kind)).ToList();
        var baseline = model.Reinforcement.FirstOrDefault(r => r.Method == ReinforcementRow.Methods.None);
        var best = model.Reinforcement.Where(r => r.K > 0 && !double.IsNaN(r.AccCf)).GroupBy(r => r.K).OrderBy(g => g.Key)
            .Select(g => g.OrderByDescending(r => r.AccCf).ThenByDescending(r => r.AccOrig).First()).ToList();
        var overall = best.OrderByDescending(r => r.AccCf).ThenByDescending(r => r.AccOrig).ThenBy(r => r.K).FirstOrDefault();
        string targets = model.FlaggedOnValidation.Count > 0 ? string.Join(", ", model.FlaggedOnValidation) : "all kinds";
        return new Verdict(weaknesses, testOnly, model.StressTest.NullEdit, targets, baseline, best, overall);
    }

    /// <summary>A repair's cost on originals is significant when McNemar rejects at 5 % and more images broke than were fixed.</summary>
    public static bool CostsOriginals(ReinforcementRow row) =>
        row.RepairOnOriginals is { } test && test.PValue < 0.05 && test.Broken > test.Fixed;
}
