using Counterforge.Core.Analysis;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Metrics;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;

namespace Counterforge.Report.Tests;

public sealed class HtmlReportTests : IDisposable
{
    private const string Hostile = "<script>alert(1)</script>";
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (RunFolder Run, Dataset Data, Summary Summary) HostileRun()
    {
        var run = new RunFolder(_dir);
        var classes = new[] { Hostile, "heart" };
        var source = new Sample("s1", "images/s1.png", Hostile, Splits.Test, $"a red {Hostile} on grass");
        var data = new Dataset(run.DataDirectory, classes, [source]);
        var edit = new Edit("s1", source.Caption!, $"a red {Hostile} on \"sand\" & more", "background", "grass", "<b>sand</b>");
        JsonlFile.WriteAll(run.EditsFile, [edit]);
        var refused = new Edit("s1", source.Caption!, "a red thing", "color", "red", "blue");
        JsonlFile.WriteAll(run.CounterfactualsFile, [
            new Counterfactual(edit.Id, "s1", edit.Kind, edit.From, edit.To, run.CounterfactualImage(edit.Id), "scene:v1", true),
            new Counterfactual(refused.Id, "s1", refused.Kind, refused.From, refused.To, run.CounterfactualImage(refused.Id), "scene:v1", false, $"refused: {Hostile}"),
        ]);
        JsonlFile.WriteAll(run.CaptionsFile, [new CaptionRecord("s1", "a photo of a heart", "manifest:v1", Templated: true)]);
        JsonlFile.WriteAll(run.Predictions($"m-{Splits.Test}"), [new PredictionRecord("s1", 0, [0.9f, 0.1f]), new PredictionRecord(edit.Id, 0, [0.2f, 0.8f])]);

        // Forty flipping background edits against forty unchanged null edits: background is a weakness.
        var pairs = Enumerable.Range(0, 40).SelectMany(i => new[]
        {
            new PairOutcome($"{edit.Id}{i}", "s1", edit.Kind, edit.From, edit.To, 0, [0.9f, 0.1f], [0.2f, 0.8f]),
            new PairOutcome($"null{i}", "s1", Edit.NullKind, null, null, 0, [0.9f, 0.1f], [0.9f, 0.1f]),
        }).ToList();
        var stress = StressTest.Analyze(Splits.Test, [(0, new[] { 0.9f, 0.1f })], pairs, classes);
        var model = new ModelSummary("m", StressSummary.Of(stress, null), StressSummary.Of(stress, new Judgement(0.9, 0.2, 1, 0.1, 0.8)),
            ["background"], [new ReinforcementRow("last-layer", "targeted", 5, 0.9, 0.8, 0.86, Note: Hostile)]);
        var summary = new Summary(1, new ShortcutInfo("background", 0.95), "m", 1, new SplitCounts(1, 1, 1, 1, 1),
            model.StressTest, model.Reinforcement, [model], $"counterforge demo --out {Hostile}");
        return (run, data, summary);
    }

    [Fact]
    public void Every_string_from_the_data_is_escaped()
    {
        var (run, data, summary) = HostileRun();
        HtmlReport.Write(run, data, summary);
        var html = File.ReadAllText(run.ReportHtml);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>sand</b>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public void The_report_shows_the_flagged_kind_the_reinforcement_and_a_flipped_pair()
    {
        var (run, data, summary) = HostileRun();
        HtmlReport.Write(run, data, summary);
        var html = File.ReadAllText(run.ReportHtml);
        Assert.Contains("class=weak><td class=l>background", html);
        Assert.Contains("86.0 %", html);                      // gap closed of the reinforcement row
        Assert.Contains("src=\"images/cf/s1~background~", html); // the flipped counterfactual in the gallery
        Assert.Contains("src=\"data/images/s1.png\"", html);     // its source, linked relative to the run folder
        Assert.Contains("2 made, 1 accepted, 1 rejected", html);
        Assert.Contains("<td>1</td><td class=l>refused: &lt;script&gt;", html);
        Assert.Contains("<b>1 templated</b>", html);
    }
}
