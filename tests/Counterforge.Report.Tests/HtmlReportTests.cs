using Counterforge.Core.Data;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;
using Counterforge.Report.Pairs;
using Counterforge.Report.Tests.Fixtures;

namespace Counterforge.Report.Tests;

/// <summary>What report.html says, read as text: the verdict, the repair with its tests, the labels that say which number is which.</summary>
public sealed class HtmlReportTests(ReportedRun reported) : IClassFixture<ReportedRun>
{
    private Summary Summary => reported.Made.Summary;
    private ModelSummary Model => Summary.Models[0];

    [Fact]
    public void The_first_section_is_the_verdict_with_the_weakness_and_the_best_repair_per_budget_and_its_cost()
    {
        var html = reported.Html;
        int verdict = html.IndexOf("<section class=verdict>", StringComparison.Ordinal);
        Assert.True(verdict > 0 && verdict < html.IndexOf("<h2>Model", StringComparison.Ordinal));
        var background = Model.StressTest.Kinds.Single(k => k.Kind == "background");
        Assert.Contains($"<b>Weakness found: background.</b> Its edits flip {Html.P(background.FlipRate)} [{Html.P(background.CiLow)}, {Html.P(background.CiHigh)}]", html);
        var verdictOf = Verdict.Of(Model);
        Assert.Equal([8, 24], verdictOf.BestPerBudget.Select(r => r.K));
        foreach (var row in verdictOf.BestPerBudget)
        {
            Assert.False(verdictOf.CostsOriginals(row));
            Assert.Contains($"<b>K = {row.K}</b>: {row.Method} with {row.Selection} images: acc_cf 19.2 % → <b>{Html.P(row.AccCf)}</b>", html);
        }
    }

    [Fact]
    public void A_stronger_repair_that_costs_originals_significantly_is_named_but_not_chosen()
    {
        // On the swatch world DFR raises acc_cf most and loses a quarter of the originals: McNemar says the loss is real.
        var verdict = Verdict.Of(Model);
        var dfr = Model.Reinforcement.Single(r => r.Method == ReinforcementRow.Methods.Dfr && r.K == 8);
        Assert.True(verdict.CostsOriginals(dfr));
        Assert.Same(dfr, verdict.CostlierPerBudget[8]);
        Assert.NotSame(dfr, verdict.Best);
        Assert.Contains($"dfr with balanced images reaches {Html.P(dfr.AccCf)} but at a significant cost on originals", reported.Html);
    }

    [Fact]
    public void Each_row_carries_McNemar_tests_that_match_its_image_by_image_predictions()
    {
        var run = reported.Made.Run;
        var baseline = JsonlFile.ReadAll<PredictionRecord>(run.Predictions($"pixels-{Splits.Test}")).ToDictionary(p => p.ImageId);
        foreach (var row in Model.Reinforcement.Where(r => r.K > 0))
        {
            var after = JsonlFile.ReadAll<PredictionRecord>(run.Resolve(row.Predictions!));
            var originals = after.Where(p => !p.ImageId.Contains('~')).ToList();
            var counterfactuals = after.Where(p => p.ImageId.Contains('~')).ToList();
            Assert.Equal(60, originals.Count);
            Assert.Equal(120, counterfactuals.Count); // the flagged kind (background) only: two other backgrounds per source
            int Fixed(IEnumerable<PredictionRecord> ps) => ps.Count(p => !baseline[p.ImageId].Correct && p.Correct);
            int Broken(IEnumerable<PredictionRecord> ps) => ps.Count(p => baseline[p.ImageId].Correct && !p.Correct);
            Assert.Equal((Fixed(counterfactuals), Broken(counterfactuals)), (row.RepairOnCounterfactuals!.Fixed, row.RepairOnCounterfactuals.Broken));
            Assert.Equal((Fixed(originals), Broken(originals)), (row.RepairOnOriginals!.Fixed, row.RepairOnOriginals.Broken));
            Assert.Equal(row.AccCf, counterfactuals.Count(p => p.Correct) / 120.0, 12);
        }
    }

    [Fact]
    public void Every_blend_row_keeps_the_alpha_sweep_its_alpha_was_chosen_from()
    {
        foreach (var row in Model.Reinforcement.Where(r => r.Method == ReinforcementRow.Methods.LastLayer))
        {
            Assert.Equal(LastLayerReinforcement.DefaultPenalties.Count * BlendChoice.Alphas.Count, row.Sweep!.Count);
            var chosen = BlendChoice.Pick(row.Sweep, row.Sweep.First(p => p.Alpha == 0).ValAccOrig);
            Assert.Equal((row.Alpha, row.L2), (chosen.Alpha, chosen.L2));
        }
        Assert.All(Model.Reinforcement.Where(r => r.Method != ReinforcementRow.Methods.LastLayer), r => Assert.Null(r.Sweep));
    }

    [Fact]
    public void The_two_acc_cf_are_labelled_as_what_they_are_measured_on()
    {
        var html = reported.Html;
        Assert.Contains("acc_cf (all kinds)", html);
        Assert.Contains("<th>acc_cf (flagged)</th>", html);
        Assert.Contains("this acc_cf is on those kinds only (acc_cf_flagged), unlike the stress test's, which is on all kinds", html);
    }

    [Fact]
    public void Words_and_clusters_show_their_FDR_controlled_flags_beside_the_uncorrected_intervals()
    {
        var html = reported.Html;
        var words = Model.StressTest.Words;
        Assert.Contains($"per target word: {words.Count(w => w.Flagged)} of {words.Count} flagged at FDR 0.05", html);
        Assert.All(words.Where(w => w.Kind == "background"), w => Assert.True(w.Flagged)); // the planted shortcut, 80 %+ flips against none
        Assert.All(words.Where(w => w.Kind == "shade"), w => Assert.False(w.Flagged));
        Assert.Contains("<th>q (BH)</th>", html);
        Assert.Contains($"{Model.Clusters!.Count(c => c.Flagged)} of {Model.Clusters!.Count} flagged at FDR 0.05", html);
    }

    [Fact]
    public void Images_charts_and_the_gallery_data_are_files_beside_the_page_never_inlined()
    {
        var run = reported.Made.Run;
        var html = reported.Html;
        Assert.DoesNotContain("data:image", html);
        Assert.Contains("src=\"report/pixels/flip-rates.png\"", html);
        Assert.Contains("<script src=\"report/pixels/pairs.js\" defer></script>", html);
        foreach (var file in new[] { "flip-rates.png", "class-kind.png", "budget.png", "trade-off.png", "alpha-last-layer-targeted.png", "pairs.js", "pairs.csv" })
            Assert.True(File.Exists(Path.Combine(run.ReportDirectory, "pixels", file)), file);
        Assert.True(File.Exists(Path.Combine(run.ReportDirectory, "report.js")));
    }

    [Fact]
    public void The_csv_has_every_pair_with_every_rows_predictions()
    {
        var lines = File.ReadAllLines(Path.Combine(reported.Made.Run.ReportDirectory, "pixels", "pairs.csv"));
        Assert.Equal(1 + 60 * 4, lines.Length); // per test source: two other backgrounds, one shade, one null edit
        var header = lines[0].Split(',');
        Assert.Contains("baseline_cf_p_true", header);
        Assert.Contains("last-layer/targeted/k24/cf_pred", header);
        Assert.Contains("dfr/balanced/k8/orig_p_true", header);
        Assert.Equal(14 + 4 * (Model.Reinforcement.Count - 1), header.Length);
    }

    [Fact]
    public void Without_a_balanced_test_split_the_page_says_why_there_is_no_worst_group_column()
    {
        var noGroups = Model with { Reinforcement = Model.Reinforcement.Select(r => r with { WorstGroup = null, AdjustedMean = null }).ToList() };
        var summary = Summary with { Counts = Summary.Counts with { TestBalanced = 0 }, Models = [noGroups] };
        var html = new System.Text.StringBuilder();
        Sections.RepairSection.Append(html, noGroups, Verdict.Of(noGroups), summary.Counts);
        Assert.Contains("this dataset has no balanced test split (test_balanced) with group labels", html.ToString());
        Assert.DoesNotContain("<th>worst group</th>", html.ToString());
        Assert.Contains("<th>worst group</th>", reported.Html);
    }

    [Fact]
    public void The_feature_ceiling_is_stated_under_the_rows_and_a_low_one_is_a_warning()
    {
        string Section(FeatureCeiling? ceiling)
        {
            var model = Model with { FeatureCeiling = ceiling };
            var html = new System.Text.StringBuilder();
            Sections.RepairSection.Append(html, model, Verdict.Of(model), Summary.Counts);
            return html.ToString();
        }
        Assert.DoesNotContain("Feature ceiling", Section(null));
        var high = Section(new FeatureCeiling(100, 100, 0.01, 0.96, 0.845, 0.653));
        Assert.Contains("<p><b>Feature ceiling</b>: a new last layer fitted on all 100 validation originals and 100 validation counterfactuals reaches acc_orig 96.0 %", high);
        var low = Section(new FeatureCeiling(500, 1200, 0.01, 0.952, 0.202, 0.067));
        Assert.Contains("<p class=note><b>Feature ceiling</b>:", low);
        Assert.Contains("from pretrained weights", low);
    }

    [Fact]
    public void A_run_made_verb_by_verb_is_reproduced_by_its_verbs_in_order_with_the_whole_wall_time()
    {
        var summary = Summary with
        {
            Command = "counterforge train --out r && counterforge report --out r", WallSeconds = 95,
            Verbs = [new VerbRun("train", "counterforge train --out r", 90), new VerbRun("report", "counterforge report --out r", 5)],
        };
        var html = new System.Text.StringBuilder();
        Sections.RunSection.Append(html, reported.Made.Run, summary);
        Assert.Contains("Made verb by verb in 95 s of wall time (seed 7)", html.ToString());
        Assert.Contains("<li><code>counterforge train --out r</code> <small>(90 s)</small></li><li><code>counterforge report --out r</code>", html.ToString());
    }

    [Fact]
    public void Csv_fields_are_quoted_and_text_a_spreadsheet_would_evaluate_stays_text()
    {
        Assert.Equal("'=HYPERLINK(\"x\")".Replace("\"", "\"\""), PairsCsv.Field("=HYPERLINK(\"x\")").Trim('"'));
        Assert.Equal("\"a, b\"", PairsCsv.Field("a, b"));
        Assert.Equal("'@cmd", PairsCsv.Field("@cmd"));
        Assert.Equal("plain", PairsCsv.Field("plain"));
    }
}
