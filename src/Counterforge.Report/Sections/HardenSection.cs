using System.Text;
using Counterforge.Core.Pipeline;
using static Counterforge.Report.Html;

namespace Counterforge.Report.Sections;

/// <summary>The harden loop round by round: the budget, what the fresh counterfactuals still flag, the cost, and how it ended.</summary>
internal static class HardenSection
{
    public static void Append(StringBuilder html, ModelSummary model)
    {
        if (model.Harden is not { Rounds.Count: > 0 } harden) return;
        html.Append($"<h3>Harden: {E(harden.Method)} with {E(harden.Selection)} images, growing budgets</h3>")
            .Append("<p>Each round reinforces the baseline with K images, then stress-tests the result on <i>fresh</i> counterfactuals of the validation ")
            .Append("sources, made for that round from edits the run had not made, never trained or tuned on, beside the baseline on the same images. ")
            .Append($"The test columns are on sources no round used. Outcome: <b>{E(harden.Outcome)}</b>.</p>")
            .Append("<table class=rows><tr><th>round</th><th>K</th><th>fresh counterfactuals</th><th>fresh acc_cf: baseline → model</th>")
            .Append("<th class=l>flagged for the model</th><th class=l>flagged for the baseline</th><th>test acc_orig</th><th>test acc_cf</th><th>images made</th><th>seconds</th></tr>");
        foreach (var r in harden.Rounds)
            html.Append($"<tr><td>{r.Round + 1}</td><td>{r.K}</td><td>{r.FreshCounterfactuals}</td><td>{P(r.BaselineAccCfFresh)} → {P(r.AccCfFresh)}</td>")
                .Append($"<td class=l>{E(Names(r.Flagged))}</td><td class=l>{E(Names(r.BaselineFlagged))}</td><td>{P(r.TestAccOrig)}</td><td>{P(r.TestAccCf)}</td>")
                .Append($"<td>{r.ImagesGenerated}</td><td>{F(r.Seconds)}</td></tr>");
        html.Append("</table>");
    }

    private static string Names(IReadOnlyList<string> kinds) => kinds.Count == 0 ? "none" : string.Join(", ", kinds);
}
