using Counterforge.Core.Reinforcement;
using Counterforge.Report.Tests.Fixtures;
using Microsoft.Playwright;

namespace Counterforge.Report.Tests.Browser;

/// <summary>The report as a person sees it, in Debian's chromium: what loads, what the gallery's filters do, what data cannot do.</summary>
public sealed class ReportInBrowserTests(ReportedRun reported) : IClassFixture<ReportedRun>
{
    private static async Task<HeadlessChromium.OpenedPage> OpenReady(HeadlessChromium browser, string report)
    {
        var opened = await browser.OpenAsync(report);
        await opened.Page.WaitForSelectorAsync("section.gallery[data-ready=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        return opened;
    }

    /// <summary>Gallery images load lazily: brings the first cards into view and waits until their images have loaded (or failed).</summary>
    private static async Task<bool> FirstCardImagesLoad(IPage page, int cards)
    {
        await page.Locator(".gallery .card").First.ScrollIntoViewIfNeededAsync();
        var images = $"Array.from(document.querySelectorAll('.gallery .card img')).slice(0, {2 * cards})";
        await page.WaitForFunctionAsync($"{images}.every(i => i.complete)");
        return await page.EvaluateAsync<bool>($"{images}.every(i => i.naturalWidth === 16)");
    }

    private static void AssertNothingWentWrong(HeadlessChromium.OpenedPage opened)
    {
        Assert.Empty(opened.ConsoleErrors);
        Assert.Empty(opened.PageErrors);
        Assert.Empty(opened.Dialogs);
    }

    [BrowserFact]
    public async Task The_report_opens_without_errors_with_its_verdict_every_chart_and_the_gallery()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var opened = await OpenReady(browser, reported.Made.Run.ReportHtml);
        var page = opened.Page;

        Assert.StartsWith("Verdict", await page.InnerTextAsync("section.verdict h2"));
        Assert.Contains("Weakness found: background.", await page.InnerTextAsync("section.verdict"));
        // Last-layer at three selections (α sweeps), the flip rates, the heat map, the budget curve and the trade-off.
        int charts = await page.Locator(".charts img").CountAsync();
        Assert.Equal(7, charts);
        Assert.True(await page.EvaluateAsync<bool>("Array.from(document.querySelectorAll('.charts img')).every(i => i.complete && i.naturalWidth > 600)"),
            "a chart did not load");
        Assert.Equal(48, await page.Locator(".gallery .card").CountAsync()); // the first page
        Assert.True(await FirstCardImagesLoad(page, 4), "a gallery image did not load");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artefacts.PathOf("report-demo-like.png"), FullPage = true });
        AssertNothingWentWrong(opened);
    }

    [BrowserFact]
    public async Task Filtering_by_outcome_shows_the_pairs_the_repair_fixed_and_no_others()
    {
        var best = Verdict.Of(reported.Made.Summary.Models[0]).Best!;
        int fixedByBest = best.RepairOnCounterfactuals!.Fixed;
        Assert.True(fixedByBest > 0);
        await using var browser = await HeadlessChromium.LaunchAsync();
        var opened = await OpenReady(browser, reported.Made.Run.ReportHtml);
        var page = opened.Page;
        var before = await page.InnerTextAsync(".gallery .count");

        await page.SelectOptionAsync(".gallery select[name=outcome]", "2"); // fixed by the repair

        var after = await page.InnerTextAsync(".gallery .count");
        Assert.NotEqual(before, after);
        // The gallery's "fixed" pairs are exactly the ones McNemar counted as fixed for the same repair.
        Assert.Contains($"of {fixedByBest} matching pairs", after);
        int cards = await page.Locator(".gallery .card").CountAsync();
        Assert.Equal(Math.Min(48, fixedByBest), cards);
        Assert.Equal(cards, await page.Locator(".gallery .card.fixed").CountAsync());

        await page.SelectOptionAsync(".gallery select[name=outcome]", "0");
        await page.SelectOptionAsync(".gallery select[name=kind]", new SelectOptionValue { Label = "shade (60)" });
        Assert.Contains("of 60 matching pairs", await page.InnerTextAsync(".gallery .count"));
        await page.ClickAsync(".gallery button[name=next]");
        Assert.Contains("Showing 49–60 of 60", await page.InnerTextAsync(".gallery .count"));
        await page.Locator("section.gallery").ScreenshotAsync(new LocatorScreenshotOptions { Path = Artefacts.PathOf("report-gallery-filtered.png") });
        AssertNothingWentWrong(opened);
    }

    [BrowserFact]
    public async Task Hostile_class_names_captions_words_and_file_names_are_shown_as_text_and_run_no_script()
    {
        string[] classes = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>", "heart"];
        string[] backgrounds = ["grass", "<b onmouseover=alert(3)>sand</b>", "'><svg onload=alert(4)>"];
        var dir = Directory.CreateTempSubdirectory("cf-hostile-").FullName;
        try
        {
            var made = DemoLikeRun.Make(Path.Combine(dir, "run"), classes, backgrounds, testSources: 30);
            HtmlReport.Write(made.Run, made.Data, made.Summary);
            await using var browser = await HeadlessChromium.LaunchAsync();
            var opened = await OpenReady(browser, made.Run.ReportHtml);
            var page = opened.Page;
            await page.SelectOptionAsync(".gallery select[name=outcome]", "0");
            await page.Mouse.MoveAsync(400, 400); // over the page: an injected onmouseover would fire

            var text = await page.InnerTextAsync("body");
            foreach (var hostile in classes.Concat(backgrounds)) Assert.Contains(hostile, text); // shown, as text
            Assert.Contains("<script>alert(1)</script>", await page.InnerTextAsync(".gallery .cards"));
            Assert.Equal(0, await page.Locator("img[src=x], svg, b[onmouseover]").CountAsync());
            Assert.Equal(2, await page.Locator("script").CountAsync()); // pairs.js and report.js, nothing injected
            // Images under folders named after the hostile classes load: their paths are encoded, not broken or executed.
            Assert.True(await FirstCardImagesLoad(page, 6), "an image under a hostile folder name did not load");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artefacts.PathOf("report-hostile.png"), FullPage = true });
            AssertNothingWentWrong(opened);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
