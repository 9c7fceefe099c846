using System.Text;
using Counterforge.Core.Data;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;
using Counterforge.Report.Pairs;
using static Counterforge.Report.Html;

namespace Counterforge.Report.Sections;

/// <summary>
/// The test pairs, image by image: the page holds only the gallery's frame; its data (pairs.js) and every pair with every
/// row's predictions (pairs.csv) are files beside it, and report.js pages through the pairs with filters.
/// </summary>
internal static class GallerySection
{
    /// <summary>The outcome filter's choices (value = the bit of <see cref="PairOutcomes"/> that report.js tests).</summary>
    private static readonly (int Bit, string Text)[] OutcomeChoices =
    [
        (0, "every pair"),
        ((int)PairOutcomes.Flipped, "flipped by the edit (baseline)"),
        ((int)PairOutcomes.Fixed, "fixed by the repair"),
        ((int)PairOutcomes.StillWrong, "still wrong after the repair"),
        ((int)PairOutcomes.NewError, "new error after the repair"),
        ((int)PairOutcomes.NotJudged, "kind not judged by the repair"),
    ];

    public static void Append(StringBuilder html, RunFolder run, Dataset data, ModelSummary model, Verdict verdict, string directory, string urlPrefix)
    {
        var repairRow = verdict.Best;
        var repair = repairRow is null ? null : PairTable.RepairPredictions(run, repairRow);
        var pairs = PairTable.Build(run, data, model.Model, repair);
        if (pairs.Count == 0) return;
        string? repairName = repair is null ? null : $"{repairRow!.Method}, {repairRow.Selection}, K = {repairRow.K}";
        var rows = model.Reinforcement.Select(r => (Row: r, Predictions: PairTable.RepairPredictions(run, r)))
            .Where(r => r.Predictions is not null).Select(r => (r.Row, r.Predictions!)).ToList();
        GalleryData.Write(Path.Combine(directory, "pairs.js"), model.Model, pairs, data.Classes, repairName);
        PairsCsv.Write(Path.Combine(directory, "pairs.csv"), pairs, data.Classes, rows, run);

        html.Append($"<h3>The pairs, image by image</h3><p>{N(pairs.Count)} accepted test pairs, the most confidence lost first. ");
        html.Append(repairName is null
            ? "No repair has per-image predictions yet, so only the baseline's answers are shown. "
            : $"Each shows the baseline's prediction and p(true class) on the original and the counterfactual, and the same for the best repair (<b>{E(repairName)}</b>). ");
        html.Append($"Every pair with every row's predictions: <a href=\"{E(urlPrefix)}pairs.csv\">pairs.csv</a>.</p>");
        html.Append($"<section class=gallery data-gallery=\"{E(model.Model)}\"><form class=filters>")
            .Append("<label>kind <select name=kind><option value=\"\">all</option></select></label> ")
            .Append("<label>class <select name=class><option value=\"\">all</option></select></label> ")
            .Append("<label>word <select name=word><option value=\"\">all</option></select></label> ")
            .Append("<label>outcome <select name=outcome>");
        foreach (var (bit, text) in OutcomeChoices)
            html.Append($"<option value=\"{bit}\"{(bit == (int)PairOutcomes.Flipped ? " selected" : "")}>{E(text)}</option>");
        html.Append("</select></label></form><p class=count aria-live=polite></p><div class=cards></div>")
            .Append("<nav class=pager><button type=button name=previous>← previous</button> <span class=page></span> <button type=button name=next>next →</button></nav>")
            .Append("<noscript><p>The gallery needs JavaScript; every pair is in pairs.csv.</p></noscript></section>")
            .Append($"<script src=\"{E(urlPrefix)}pairs.js\" defer></script>");
    }
}
