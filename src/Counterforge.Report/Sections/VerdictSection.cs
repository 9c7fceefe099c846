using System.Text;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement;
using static Counterforge.Report.Html;

namespace Counterforge.Report.Sections;

/// <summary>The report's first paragraph: the weakness found, the best repair per budget, and what it cost on originals.</summary>
internal static class VerdictSection
{
    public static void Append(StringBuilder html, ModelSummary model, Verdict verdict, bool named)
    {
        html.Append("<section class=verdict><h2>Verdict").Append(named ? $": {E(model.Model)}" : "").Append("</h2>");
        var control = verdict.Control;
        string controlText = $"{P(control.FlipRate)} [{P(control.CiLow)}, {P(control.CiHigh)}] for the null edit (n = {N(control.N)})";
        if (verdict.Weaknesses.Count == 0)
            html.Append($"<p class=finding><b>No weakness found.</b> No edit kind flips the classifier significantly more often than the null edit does on validation (test: {E(controlText)}).");
        else
            foreach (var k in verdict.Weaknesses)
                html.Append($"<p class=finding><b>Weakness found: {E(k.Kind)}.</b> Its edits flip {P(k.FlipRate)} [{P(k.CiLow)}, {P(k.CiHigh)}] of the correctly classified test images (n = {N(k.N)} pairs), against {E(controlText)}.");
        html.Append("</p>");
        if (verdict.FlaggedOnTestOnly.Count > 0)
            html.Append($"<p>Flagged on test but not on validation, so not targeted: {E(string.Join(", ", verdict.FlaggedOnTestOnly.Select(k => $"{k.Kind} ({P(k.FlipRate)})")))}.</p>");

        if (verdict.Baseline is not { } baseline)
        {
            html.Append("<p>Reinforcement has not run on this model yet.</p></section>");
            return;
        }
        if (verdict.BestPerBudget.Count == 0)
        {
            html.Append("<p>No reinforcement row beyond the baseline.</p></section>");
            return;
        }
        html.Append($"<p>Best repair per budget: the highest acc_cf on test counterfactuals of <b>{E(verdict.TargetKinds)}</b> without a significant cost on test originals, i.e. a loss beyond {F(verdict.MaxOrigDrop * 100)} point that McNemar confirms (baseline acc_cf {P(baseline.AccCf)}, acc_orig {P(baseline.AccOrig)}):</p><ul class=repairs>");
        foreach (var row in verdict.BestPerBudget)
        {
            var cf = row.RepairOnCounterfactuals;
            bool helps = cf is null || (cf.PValue < 0.05 && cf.Fixed > cf.Broken);
            html.Append($"<li><b>K = {row.K}</b>: ")
                .Append(helps ? "" : "<b class=bad>no repair is significantly better than the baseline</b> within the tolerance on originals; the best, ")
                .Append($"{E(row.Method)} with {E(row.Selection)} images: acc_cf {P(baseline.AccCf)} → <b>{P(row.AccCf)}</b> (gap closed {E(row.GapClosedText)}");
            if (cf is not null) html.Append($"; McNemar p = {PValue(cf.PValue)}, {N(cf.Fixed)} fixed, {N(cf.Broken)} broken");
            html.Append($"); cost on originals: acc_orig {P(baseline.AccOrig)} → {P(row.AccOrig)} ({Points(row.AccOrig, baseline.AccOrig)}");
            if (row.RepairOnOriginals is { } orig)
                html.Append($", McNemar p = {PValue(orig.PValue)}: {(verdict.CostsOriginals(row) ? "<b class=bad>a significant cost</b>" : "within the tolerance")}");
            html.Append(")");
            if (verdict.CostlierPerBudget.GetValueOrDefault(row.K) is { } costly)
                html.Append($". {E(costly.Method)} with {E(costly.Selection)} images reaches {P(costly.AccCf)} but at a significant cost on originals ({P(baseline.AccOrig)} → {P(costly.AccOrig)}, McNemar p = {PValue(costly.RepairOnOriginals!.PValue)})");
            html.Append(".</li>");
        }
        html.Append("</ul></section>");
    }
}
