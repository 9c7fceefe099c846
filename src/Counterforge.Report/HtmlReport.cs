using System.Reflection;
using System.Text;
using Counterforge.Core.Data;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Runs;
using Counterforge.Report.Sections;
using static Counterforge.Report.Html;

namespace Counterforge.Report;

/// <summary>
/// report.html, built only from the run's files: the verdict first, charts rendered to PNG beside the page, the repair row
/// by row with McNemar's test and image by image in a filterable gallery, the stress-test tables with FDR-controlled flags,
/// and what reproduces the run. Images, charts, the gallery's data and script are files under report/, never inlined, so the
/// page stays small at any number of pairs. Every string from data is HTML-escaped, the gallery puts data in the DOM as
/// text only, and the page's Content-Security-Policy runs no script but its own files.
/// </summary>
public static class HtmlReport
{
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

    public static void Write(RunFolder run, Dataset data, Summary summary)
    {
        var directory = run.ReportDirectory;
        Directory.CreateDirectory(directory);
        CopyAsset("report.js", directory);
        CopyAsset("report.css", directory);

        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=en><head><meta charset=\"utf-8\">")
            .Append($"<meta http-equiv=\"Content-Security-Policy\" content=\"{Policy}\">")
            .Append("<meta name=viewport content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Counterforge report</title><link rel=stylesheet href=\"report/report.css\"></head><body>")
            .Append("<h1>Counterforge report</h1>");
        var verdicts = summary.Models.Select(Verdict.Of).ToList();
        bool several = summary.Models.Count > 1;
        for (int i = 0; i < summary.Models.Count; i++) VerdictSection.Append(html, summary.Models[i], verdicts[i], several);

        for (int i = 0; i < summary.Models.Count; i++)
        {
            var model = summary.Models[i];
            var slug = Slug(model.Model);
            var modelDirectory = Path.Combine(directory, slug);
            Directory.CreateDirectory(modelDirectory);
            var urlPrefix = $"report/{Uri.EscapeDataString(slug)}/";
            html.Append($"<h2>Model {E(model.Model)}</h2>");
            ChartsSection.Append(html, model, verdicts[i], modelDirectory, urlPrefix);
            RepairSection.Append(html, model, verdicts[i], summary.Counts);
            HardenSection.Append(html, model);
            GallerySection.Append(html, run, data, model, verdicts[i], modelDirectory, urlPrefix);
            html.Append("<h3>Stress test</h3>");
            StressSection.Append(html, model.StressTest, "Test split: the numbers above", open: false);
            StressSection.Append(html, model.Validation, "Validation split: chooses the kinds to target", open: false);
            html.Append($"<p>Flagged on validation: <b>{E(model.FlaggedOnValidation.Count == 0 ? "none" : string.Join(", ", model.FlaggedOnValidation))}</b>.</p>");
            ClustersSection.Append(html, model);
        }
        RunSection.Append(html, run, summary);
        html.Append("<script src=\"report/report.js\" defer></script></body></html>\n");
        AtomicFile.WriteAllText(run.ReportHtml, html.ToString());
    }

    private static void CopyAsset(string name, string directory)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Counterforge.Report.{name}")
            ?? throw new InvalidOperationException($"{name} is missing from Counterforge.Report's resources.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        AtomicFile.WriteAllBytes(Path.Combine(directory, name), memory.ToArray());
    }
}
