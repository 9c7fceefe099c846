using System.Text;
using Counterforge.Core.Pipeline;
using static Counterforge.Report.Html;

namespace Counterforge.Report.Sections;

/// <summary>The stress test of one split: per kind, per target word (with the FDR-controlled flags), per class.</summary>
internal static class StressSection
{
    public static void Append(StringBuilder html, StressSummary s, string title, bool open)
    {
        html.Append($"<details{(open ? " open" : "")}><summary><b>{E(title)}</b></summary>")
            .Append($"<p>acc_orig {P(s.AccOrig)} on {N(s.NOrig)} originals; acc_cf (all kinds) {(double.IsNaN(s.AccCf) ? Core.Metrics.Percent.NoCounterfactuals : P(s.AccCf))}; null-edit flip rate {P(s.NullEdit.FlipRate)} [{P(s.NullEdit.CiLow)}, {P(s.NullEdit.CiHigh)}] (n = {N(s.NullEdit.N)})");
        if (s.WorstGroup is { } worst) html.Append($"; worst-group accuracy {P(worst)}; adjusted mean {P(s.AdjustedMean)}");
        html.Append("</p><table><tr><th class=l>kind</th><th>n</th><th>acc_cf</th><th>flip rate</th><th>95 % CI</th><th>conf drop</th><th>sensitivity</th><th class=l>weakness</th></tr>");
        foreach (var k in s.Kinds)
            html.Append($"<tr{(k.Weakness ? " class=weak" : "")}><td class=l>{E(k.Kind)}</td><td>{N(k.N)}</td><td>{P(k.AccCf)}</td><td>{P(k.FlipRate)}</td><td>{P(k.CiLow)}–{P(k.CiHigh)}</td><td>{F(k.ConfDrop)}</td><td>{k.Sensitivity:F1}</td><td class=l>{(k.Weakness ? "yes" : "no")}</td></tr>");
        html.Append("</table>");
        AppendWords(html, s);
        AppendClassMatrix(html, s);
        html.Append("</details>");
    }

    private static void AppendWords(StringBuilder html, StressSummary s)
    {
        int flagged = s.Words.Count(w => w.Flagged);
        html.Append($"<details><summary>per target word: {flagged} of {s.Words.Count} flagged at FDR {F(Core.Analysis.ControlComparison.DefaultFdr)}</summary>")
            .Append("<p>p: Fisher's exact test (one-sided) of the word's flip rate against the null edit's; q: Benjamini–Hochberg over all the words below; flagged when q ≤ FDR. The interval is per word, uncorrected.</p>")
            .Append("<table><tr><th class=l>kind</th><th class=l>to</th><th>n</th><th>acc_cf</th><th>flip rate</th><th>95 % CI</th><th>sensitivity</th><th>p</th><th>q (BH)</th><th class=l>flagged</th></tr>");
        foreach (var w in s.Words.OrderBy(w => w.QValue).ThenBy(w => w.Kind, StringComparer.Ordinal).ThenBy(w => w.Word, StringComparer.Ordinal))
            html.Append($"<tr{(w.Flagged ? " class=weak" : "")}><td class=l>{E(w.Kind)}</td><td class=l>{E(w.Word)}</td><td>{N(w.N)}</td><td>{P(w.AccCf)}</td><td>{P(w.FlipRate)}</td><td>{P(w.CiLow)}–{P(w.CiHigh)}</td><td>{w.Sensitivity:F1}</td><td>{PValue(w.PValue)}</td><td>{PValue(w.QValue)}</td><td class=l>{(w.Flagged ? "yes" : "no")}</td></tr>");
        html.Append("</table></details>");
    }

    /// <summary>Flip rate per class (rows) and edit kind (columns), as numbers: the heat map's cells, for every class.</summary>
    private static void AppendClassMatrix(StringBuilder html, StressSummary s)
    {
        var kinds = s.Classes.Select(c => c.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
        html.Append("<details><summary>flip rate per class and kind</summary><table><tr><th class=l>class</th>");
        foreach (var kind in kinds) html.Append($"<th>{E(kind)}</th>");
        html.Append("</tr>");
        foreach (var row in s.Classes.GroupBy(c => c.Class).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            html.Append($"<tr><td class=l>{E(row.Key)}</td>");
            foreach (var kind in kinds)
                html.Append(row.FirstOrDefault(c => c.Kind == kind) is { } cell ? $"<td title=\"n = {cell.N}\">{P(cell.FlipRate)}</td>" : "<td></td>");
            html.Append("</tr>");
        }
        html.Append("</table></details>");
    }
}
