using System.Text;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement;
using Counterforge.Report.Charts;
using static Counterforge.Report.Html;

namespace Counterforge.Report.Sections;

/// <summary>Renders a model's charts to PNG files beside the page and links them: the stress test first, then the repair.</summary>
internal static class ChartsSection
{
    public static void Append(StringBuilder html, ModelSummary model, Verdict verdict, string directory, string urlPrefix)
    {
        html.Append("<div class=charts>");
        Figure(html, directory, urlPrefix, "flip-rates.png", p => FlipRateChart.Render(model.StressTest, p),
            "Flip rate per edit kind on test, with 95 % Wilson intervals; the green band is the null edit's interval. Red bars are the kinds flagged as weaknesses.");
        if (ClassKindHeatmap.CanRender(model.StressTest))
            Figure(html, directory, urlPrefix, "class-kind.png", p => ClassKindHeatmap.Render(model.StressTest, p),
                "Flip rate (%) per class and edit kind on test: which classes lean on which attribute. White cells: no pair.");
        var reinforced = model.Reinforcement.Where(r => r.K > 0).ToList();
        if (reinforced.Count > 0)
        {
            if (reinforced.All(r => r.GapClosedCi is null || r.GapClosedCi.GapSignificant))
                Figure(html, directory, urlPrefix, "budget.png", p => BudgetCurveChart.Render(model.Reinforcement, p),
                    $"Gap closed against the budget K for each method and selection (acc_cf on {verdict.TargetKinds}), with 95 % paired-bootstrap intervals; the baselines (extra originals, random counterfactuals, DFR) beside the targeted selection.");
            else
                html.Append("<p class=note>Gap closed is not drawn: the baseline's gap between acc_orig and acc_cf is within its own 95 % interval, so any share of it means nothing.</p>");
            Figure(html, directory, urlPrefix, "trade-off.png", p => TradeOffChart.Render(model.Reinforcement, verdict.TargetKinds, p),
                "Every row's accuracy on test originals against its accuracy on test counterfactuals of the flagged kinds: up is repaired, left is the cost.");
        }
        foreach (var group in reinforced.Where(r => r.Sweep is { Count: > 0 }).GroupBy(r => (r.Method, r.Selection)))
        {
            var rows = group.OrderBy(r => r.K).ToList();
            Figure(html, directory, urlPrefix, $"alpha-{Slug(group.Key.Method)}-{Slug(group.Key.Selection)}.png",
                p => AlphaSweepChart.Render(group.Key.Method, group.Key.Selection, rows, p),
                $"How α was chosen for {group.Key.Method} with {group.Key.Selection} images: validation accuracy on originals (solid) and on counterfactuals of the flagged kinds (dashed); the ringed α is {(model.BlendRule == BlendChoice.Strongest ? "the largest within one standard error of the highest acc_cf" : "the highest acc_cf")} whose acc_orig stays within {model.MaxOrigDrop:P0} of the baseline's.");
        }
        html.Append("</div>");
    }

    private static void Figure(StringBuilder html, string directory, string urlPrefix, string file, Action<string> render, string caption)
    {
        render(Path.Combine(directory, file));
        html.Append($"<figure><img src=\"{E(urlPrefix + file)}\" alt=\"{E(caption)}\"><figcaption>{E(caption)}</figcaption></figure>");
    }
}
