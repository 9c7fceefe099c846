using System.Text;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement;
using static Counterforge.Report.Html;

namespace Counterforge.Report.Sections;

/// <summary>
/// Every reinforcement row beside its baselines, with McNemar's exact test against the baseline on the same test images.
/// Worst-group columns appear only where they were measured, and the page says why when they were not.
/// </summary>
internal static class RepairSection
{
    public static void Append(StringBuilder html, ModelSummary model, Verdict verdict, SplitCounts counts)
    {
        if (model.Reinforcement.Count == 0) return;
        bool groups = model.Reinforcement.Any(r => r.WorstGroup is not null);
        bool reference = model.Reinforcement.Any(r => r.AccCfReference is not null);
        html.Append("<h3>Reinforcement, row by row</h3>")
            .Append($"<p>Judged on the test originals and on the test counterfactuals of <b>{E(verdict.TargetKinds)}</b>: this acc_cf is on those kinds only (acc_cf_flagged), unlike the stress test's, which is on all kinds. ")
            .Append("McNemar compares each row with the baseline on the same images: <i>fixed</i> = wrong before, right after; <i>broken</i> = right before, wrong after.")
            .Append(reference ? " <i>Exact renders</i>: the same test edits drawn by the scenes renderer, so a repair is not judged only by the generator that made its images." : "")
            .Append("</p>");
        if (!groups)
            html.Append(counts.TestBalanced == 0
                ? "<p class=note>Worst-group accuracy and the adjusted mean are not shown: this dataset has no balanced test split (test_balanced) with group labels to measure them on.</p>"
                : "<p class=note>Worst-group accuracy and the adjusted mean were not measured for these rows.</p>");
        html.Append("<table class=rows><tr><th class=l>method</th><th class=l>selection</th><th>K</th><th>acc_orig</th><th>acc_cf (flagged)</th><th>gap closed</th>")
            .Append("<th>McNemar on counterfactuals</th><th>McNemar on originals</th>");
        if (groups) html.Append("<th>worst group</th><th>adjusted mean</th>");
        if (reference) html.Append("<th>acc_cf, exact renders</th><th>gap closed, exact renders</th>");
        html.Append("<th>α / C</th><th class=l>note</th></tr>");
        foreach (var r in model.Reinforcement)
        {
            var knob = r.Alpha is { } a ? $"α {F(a)}" + (r.L2 is { } l2 ? $", L2 {F(l2)}" : "") : r.DfrC is { } c ? $"C {F(c)}" : "";
            bool best = ReferenceEquals(r, verdict.Best);
            html.Append(best ? "<tr class=best>" : "<tr>")
                .Append($"<td class=l>{E(r.Method)}</td><td class=l>{E(r.Selection)}</td><td>{r.K}</td><td>{P(r.AccOrig)}</td><td>{P(r.AccCf)}</td><td>{(r.K == 0 ? "" : E(r.GapClosedText))}</td>")
                .Append($"<td>{Test(r.RepairOnCounterfactuals, r)}</td><td>{Test(r.RepairOnOriginals, r)}</td>");
            if (groups) html.Append($"<td>{P(r.WorstGroup)}</td><td>{P(r.AdjustedMean)}</td>");
            if (reference) html.Append($"<td>{P(r.AccCfReference)}</td><td>{(r.K == 0 ? "" : P(r.GapClosedReference))}</td>");
            html.Append($"<td>{E(knob)}</td><td class=l>{E(r.Note)}{(r.Weights is { } weights ? $" <a href=\"{E(Pairs.RunUrl.OfRelative(weights))}\">weights</a>" : "")}</td></tr>");
        }
        html.Append("</table>");
        if (model.FeatureCeiling is { } ceiling)
            html.Append(ceiling.IsLow ? "<p class=note>" : "<p>").Append($"<b>Feature ceiling</b>: {E(ceiling.Describe())}.</p>");
    }

    private static string Test(Core.Metrics.McNemarTest? test, ReinforcementRow row) => test switch
    {
        { } t => $"p = {PValue(t.PValue)} <small>({N(t.Fixed)} fixed, {N(t.Broken)} broken of {N(t.N)})</small>",
        null when row.Method == ReinforcementRow.Methods.None => "",
        null => "<small>not recorded (row made before per-image predictions were kept)</small>",
    };
}
