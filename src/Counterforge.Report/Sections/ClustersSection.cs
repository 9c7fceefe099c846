using System.Text;
using Counterforge.Core.Pipeline;
using static Counterforge.Report.Html;

namespace Counterforge.Report.Sections;

/// <summary>LANCE's edit clusters per class, each tested against the null edit, flagged under the FDR over all clusters.</summary>
internal static class ClustersSection
{
    public static void Append(StringBuilder html, ModelSummary model)
    {
        if (model.Clusters is not { Count: > 0 } clusters) return;
        int flagged = clusters.Count(c => c.Flagged);
        html.Append($"<details><summary><b>Edit clusters (test)</b>: {flagged} of {clusters.Count} flagged at FDR {F(Core.Analysis.ControlComparison.DefaultFdr)}</summary>")
            .Append("<p>Per class, similar edits grouped by k-means over the sentence embedding of what each edit adds; each cluster is named by its most central edit. ")
            .Append("p: Fisher's exact test (one-sided) against the null edit; q: Benjamini–Hochberg over every cluster below.</p>")
            .Append("<table><tr><th class=l>class</th><th class=l>cluster</th><th class=l>kind</th><th>n</th><th>flip rate</th><th>95 % CI</th><th>sensitivity</th><th>p</th><th>q (BH)</th><th class=l>flagged</th></tr>");
        foreach (var c in clusters)
            html.Append($"<tr{(c.Flagged ? " class=weak" : "")}><td class=l>{E(c.Class)}</td><td class=l>{E(c.Name)}</td><td class=l>{E(c.Kind)}</td><td>{N(c.N)}</td><td>{P(c.FlipRate)}</td><td>{P(c.CiLow)}–{P(c.CiHigh)}</td><td>{c.Sensitivity:F1}</td><td>{PValue(c.PValue)}</td><td>{PValue(c.QValue)}</td><td class=l>{(c.Flagged ? "yes" : "no")}</td></tr>");
        html.Append("</table></details>");
    }
}
