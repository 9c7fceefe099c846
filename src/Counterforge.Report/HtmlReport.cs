using System.Globalization;
using System.Net;
using System.Text;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Runs;

namespace Counterforge.Report;

/// <summary>
/// report.html, built only from the run's files (summary, edits, counterfactuals, predictions): tables per model and a
/// gallery of flipped pairs per edit kind. Every string from data is HTML-escaped; image links stay inside the run folder.
/// </summary>
public static class HtmlReport
{
    private const int GalleryPerKind = 6;

    public static void Write(RunFolder run, Dataset data, Summary summary)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Counterforge report</title><style>")
            .Append("body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}")
            .Append(".weak{background:#fdd}.pair{display:inline-block;margin:4px;border:1px solid #ddd;padding:4px;font-size:11px;width:180px;vertical-align:top}")
            .Append(".pair img{width:84px;height:84px;image-rendering:pixelated}code{background:#f6f6f6}</style></head><body>");
        html.Append("<h1>Counterforge report</h1>");
        html.Append($"<p>Reproduce with <code>{E(summary.Command)}</code> (seed {summary.Seed}).");
        if (summary.Shortcut is { } s) html.Append($" Shortcut in training: <b>{E(s.Kind)}</b> with p = {F(s.P)}.");
        html.Append($" Images: train {summary.Counts.Train}, val {summary.Counts.Val}, test {summary.Counts.Test}, balanced test {summary.Counts.TestBalanced}. Wall time {summary.WallSeconds:F0} s.</p>");

        AppendInputs(html, run);
        foreach (var model in summary.Models)
        {
            html.Append($"<h2>Model {E(model.Model)}</h2>");
            AppendStress(html, model.StressTest, "Stress test (test split)");
            AppendStress(html, model.Validation, "Validation (chooses the kinds to target)");
            html.Append($"<p>Flagged on validation: <b>{E(model.FlaggedOnValidation.Count == 0 ? "none" : string.Join(", ", model.FlaggedOnValidation))}</b></p>");
            AppendClusters(html, model);
            AppendReinforcement(html, model);
            AppendGallery(html, run, data, model);
        }
        html.Append("<h2>Definitions</h2><ul>");
        foreach (var (name, definition) in StressSummary.MetricDefinitions) html.Append($"<li><b>{E(name)}</b>: {E(definition)}</li>");
        html.Append("</ul></body></html>\n");
        AtomicFile.WriteAllText(run.ReportHtml, html.ToString());
    }

    /// <summary>How the captions and counterfactuals behind the numbers were made: templated captions and every rejection, counted by reason.</summary>
    private static void AppendInputs(StringBuilder html, RunFolder run)
    {
        if (File.Exists(run.CaptionsFile))
        {
            var captions = JsonlFile.ReadLog<CaptionRecord>(run.CaptionsFile);
            int templated = captions.Count(c => c.Templated);
            html.Append($"<p>Captions: {captions.Count}");
            if (templated > 0)
                html.Append($", of which <b>{templated} templated</b> (\"a photo of a …\": the image had no caption, so its edits add words rather than replace them)");
            html.Append(".</p>");
        }
        if (!File.Exists(run.CounterfactualsFile)) return;
        var made = JsonlFile.ReadLog<Counterfactual>(run.CounterfactualsFile).GroupBy(c => c.EditId).Select(g => g.Last()).ToList();
        var rejected = made.Where(c => !c.Accepted).ToList();
        html.Append($"<p>Counterfactuals: {made.Count} made, {made.Count - rejected.Count} accepted, {rejected.Count} rejected.</p>");
        if (rejected.Count == 0) return;
        html.Append("<details><summary>rejections by reason</summary><table><tr><th>n</th><th class=l>reason</th></tr>");
        foreach (var reason in rejected.GroupBy(c => c.RejectReason ?? "rejected").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(20))
            html.Append($"<tr><td>{reason.Count()}</td><td class=l>{E(reason.Key)}</td></tr>");
        html.Append("</table></details>");
    }

    private static void AppendClusters(StringBuilder html, ModelSummary model)
    {
        if (model.Clusters is not { Count: > 0 } clusters) return;
        html.Append("<h3>Edit clusters (test)</h3><p>Per class, similar edits grouped by k-means over the sentence embedding of what each edit adds; each cluster is named by its most central edit.</p>")
            .Append("<table><tr><th class=l>class</th><th class=l>cluster</th><th class=l>kind</th><th>n</th><th>flip rate</th><th>95 % CI</th><th>sensitivity</th></tr>");
        foreach (var c in clusters)
            html.Append($"<tr><td class=l>{E(c.Class)}</td><td class=l>{E(c.Name)}</td><td class=l>{E(c.Kind)}</td><td>{c.N}</td><td>{P(c.FlipRate)}</td><td>{P(c.CiLow)}–{P(c.CiHigh)}</td><td>{c.Sensitivity:F1}</td></tr>");
        html.Append("</table>");
    }

    private static void AppendStress(StringBuilder html, StressSummary s, string title)
    {
        html.Append($"<h3>{E(title)}</h3><p>acc_orig {P(s.AccOrig)} on {s.NOrig} originals; acc_cf {(double.IsNaN(s.AccCf) ? Counterforge.Core.Metrics.Percent.NoCounterfactuals : P(s.AccCf))}; null-edit flip rate {P(s.NullEdit.FlipRate)} [{P(s.NullEdit.CiLow)}, {P(s.NullEdit.CiHigh)}] (n = {s.NullEdit.N})");
        if (s.WorstGroup is { } worst) html.Append($"; worst-group accuracy {P(worst)}; adjusted mean {P(s.AdjustedMean ?? 0)}");
        html.Append("</p><table><tr><th class=l>kind</th><th>n</th><th>acc_cf</th><th>flip rate</th><th>95 % CI</th><th>conf drop</th><th>sensitivity</th><th class=l>weakness</th></tr>");
        foreach (var k in s.Kinds)
            html.Append($"<tr{(k.Weakness ? " class=weak" : "")}><td class=l>{E(k.Kind)}</td><td>{k.N}</td><td>{P(k.AccCf)}</td><td>{P(k.FlipRate)}</td><td>{P(k.CiLow)}–{P(k.CiHigh)}</td><td>{F(k.ConfDrop)}</td><td>{k.Sensitivity:F1}</td><td class=l>{(k.Weakness ? "yes" : "no")}</td></tr>");
        html.Append("</table><details><summary>per target word</summary><table><tr><th class=l>kind</th><th class=l>to</th><th>n</th><th>acc_cf</th><th>flip rate</th><th>95 % CI</th><th>sensitivity</th></tr>");
        foreach (var w in s.Words)
            html.Append($"<tr><td class=l>{E(w.Kind)}</td><td class=l>{E(w.Word)}</td><td>{w.N}</td><td>{P(w.AccCf)}</td><td>{P(w.FlipRate)}</td><td>{P(w.CiLow)}–{P(w.CiHigh)}</td><td>{w.Sensitivity:F1}</td></tr>");
        html.Append("</table></details>");
        AppendClassMatrix(html, s);
    }

    /// <summary>Flip rate per class (rows) and edit kind (columns): which classes lean on which attribute.</summary>
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

    private static void AppendReinforcement(StringBuilder html, ModelSummary model)
    {
        html.Append("<h3>Reinforcement (judged on test originals and counterfactuals of test sources)</h3><table><tr><th class=l>method</th><th class=l>selection</th><th>K</th><th>acc_orig</th><th>acc_cf</th><th>gap closed</th><th>worst group</th><th>adjusted mean</th><th>α / C</th><th class=l>note</th></tr>");
        foreach (var r in model.Reinforcement)
        {
            var knob = r.Alpha is { } a ? $"α {F(a)}" : r.DfrC is { } c ? $"C {F(c)}" : "";
            html.Append($"<tr><td class=l>{E(r.Method)}</td><td class=l>{E(r.Selection)}</td><td>{r.K}</td><td>{P(r.AccOrig)}</td><td>{P(r.AccCf)}</td><td>{P(r.GapClosed)}</td><td>{(r.WorstGroup is { } w ? P(w) : "")}</td><td>{(r.AdjustedMean is { } m ? P(m) : "")}</td><td>{E(knob)}</td><td class=l>{E(r.Note ?? "")}{(r.Weights is { } weights ? $" <a href=\"{E(weights)}\">weights</a>" : "")}</td></tr>");
        }
        html.Append("</table>");
    }

    private static void AppendGallery(StringBuilder html, RunFolder run, Dataset data, ModelSummary model)
    {
        var predictionsPath = run.Predictions($"{model.Model}-{Splits.Test}");
        if (!File.Exists(predictionsPath) || !File.Exists(run.CounterfactualsFile)) return;
        var predictions = JsonlFile.ReadAll<PredictionRecord>(predictionsPath).ToDictionary(p => p.ImageId);
        var samples = data.Samples.ToDictionary(s => s.Id);
        var edits = File.Exists(run.EditsFile) ? JsonlFile.ReadAll<Edit>(run.EditsFile).ToDictionary(e => e.Id) : new Dictionary<string, Edit>();
        var flipped = JsonlFile.ReadLog<Counterfactual>(run.CounterfactualsFile)
            .Where(c => c.Accepted && c.Kind != Edit.NullKind && predictions.ContainsKey(c.EditId) && predictions.ContainsKey(c.SourceId))
            .Where(c => Flipped(predictions[c.SourceId], predictions[c.EditId]))
            .GroupBy(c => c.Kind).OrderBy(g => g.Key, StringComparer.Ordinal);
        html.Append("<h3>Gallery: counterfactuals that flipped the prediction</h3>");
        foreach (var kind in flipped)
        {
            html.Append($"<h4>{E(kind.Key)}</h4>");
            foreach (var c in kind.Take(GalleryPerKind))
            {
                var source = samples[c.SourceId];
                var before = predictions[c.SourceId];
                var after = predictions[c.EditId];
                var caption = edits.TryGetValue(c.EditId, out var edit) ? edit.Edited : "";
                html.Append($"<div class=pair><img src=\"{E(RelativeFromRun(run, data.FullPath(source)))}\" alt=source> <img src=\"{E(c.ImagePath)}\" alt=counterfactual><br>")
                    .Append($"{E(c.From ?? "")} → {E(c.To ?? "")}<br>{E(Top(data, before))} → {E(Top(data, after))}<br><i>{E(caption)}</i></div>");
            }
        }
    }

    private static bool Flipped(PredictionRecord source, PredictionRecord cf) =>
        ArgMax(source.Probs) == source.Label && ArgMax(cf.Probs) != cf.Label;

    private static string Top(Dataset data, PredictionRecord p) { int i = ArgMax(p.Probs); return $"{data.Classes[i]} {p.Probs[i]:P0}"; }

    private static int ArgMax(float[] values) => Core.Metrics.PairOutcome.ArgMax(values);

    private static string RelativeFromRun(RunFolder run, string fullPath) => Path.GetRelativePath(run.Root, fullPath).Replace('\\', '/');

    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string P(double value) => double.IsNaN(value) ? "–" : (value * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";
    private static string F(double value) => (Math.Abs(value) < 0.0005 ? 0 : value).ToString("0.###", CultureInfo.InvariantCulture);
}
