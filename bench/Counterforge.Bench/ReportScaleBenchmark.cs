using System.Diagnostics;
using Counterforge.Report;
using Counterforge.Report.Tests.Browser;
using Counterforge.Report.Tests.Fixtures;
using Microsoft.Playwright;

namespace Counterforge.Bench;

/// <summary>
/// The report at growing numbers of test pairs (the swatch world of the report tests, made through the real stages): the
/// time to write it, the size of report.html and of the gallery's data beside it, and, in Debian's chromium, the first
/// contentful paint and the moment the gallery's first page is on screen, from navigation start, median of several loads.
/// </summary>
internal static class ReportScaleBenchmark
{
    public static async Task RunAsync(string output, IReadOnlyList<int> pairCounts, int loads)
    {
        if (!HeadlessChromium.Installed) throw new InvalidOperationException(HeadlessChromium.SkipReason);
        var folder = Path.GetFullPath(Path.Combine(output, "report-scale"));
        Console.WriteLine($"report at scale, {Environment.ProcessorCount} cores, chromium {ChromiumVersion()}, runs in {folder}; times: median (min–max) of {loads} loads");
        Console.WriteLine($"{"pairs",7} {"write s",8} {"report.html",12} {"pairs.js",10} {"first paint ms",22} {"gallery ready ms",22} {"load event ms",22}");
        await using var browser = await HeadlessChromium.LaunchAsync();
        foreach (int pairs in pairCounts)
        {
            var root = Path.Combine(folder, $"pairs-{pairs}");
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
            // Four pairs per test source: two other backgrounds, one shade, one null edit.
            var made = DemoLikeRun.Make(root, testSources: pairs / 4);
            var watch = Stopwatch.StartNew();
            HtmlReport.Write(made.Run, made.Data, made.Summary);
            double write = watch.Elapsed.TotalSeconds;
            var (paint, ready, load) = (new List<double>(), new List<double>(), new List<double>());
            for (int i = 0; i < loads; i++)
            {
                var opened = await browser.OpenAsync(made.Run.ReportHtml);
                await opened.Page.WaitForSelectorAsync("section.gallery[data-ready=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
                // The gallery can be ready before the first paint is recorded: wait for both entries.
                await opened.Page.WaitForFunctionAsync("performance.getEntriesByName('first-contentful-paint').length > 0 && performance.getEntriesByType('navigation')[0].loadEventEnd > 0");
                var times = await opened.Page.EvaluateAsync<double[]>(
                    "[performance.getEntriesByName('first-contentful-paint')[0].startTime, performance.getEntriesByName('counterforge-gallery-ready')[0].startTime, performance.getEntriesByType('navigation')[0].loadEventEnd]");
                if (opened.ConsoleErrors.Count + opened.PageErrors.Count > 0)
                    throw new InvalidOperationException($"the report of {pairs} pairs logged errors: {string.Join("; ", opened.ConsoleErrors.Concat(opened.PageErrors))}");
                paint.Add(times[0]);
                ready.Add(times[1]);
                load.Add(times[2]);
                await opened.Page.CloseAsync();
            }
            long html = new FileInfo(made.Run.ReportHtml).Length;
            long data = new FileInfo(Path.Combine(made.Run.ReportDirectory, "pixels", "pairs.js")).Length;
            Console.WriteLine($"{pairs,7} {Measurements.F(write, 1),8} {Size(html),12} {Size(data),10} {new Measurements(paint),22} {new Measurements(ready),22} {new Measurements(load),22}");
        }
    }

    private static string Size(long bytes) => bytes >= 1 << 20 ? $"{Measurements.F(bytes / 1048576.0, 2)} MB" : $"{Measurements.F(bytes / 1024.0, 0)} kB";

    private static string ChromiumVersion()
    {
        var start = new ProcessStartInfo(HeadlessChromium.ExecutablePath, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return version;
    }
}
