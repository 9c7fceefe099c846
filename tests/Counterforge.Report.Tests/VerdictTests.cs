using System.Text;
using Counterforge.Core.Metrics;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement;
using Counterforge.Report.Sections;

namespace Counterforge.Report.Tests;

/// <summary>Which repair the verdict recommends per budget (the rows of the 10,000-pair benchmark run, rounded).</summary>
public class VerdictTests
{
    private static ReinforcementRow Row(string method, string selection, int k, double accOrig, double accCf, McNemarTest onCf, McNemarTest onOrig) =>
        new(method, selection, k, accOrig, accCf, 0, RepairOnCounterfactuals: onCf, RepairOnOriginals: onOrig);

    private static readonly ReinforcementRow Baseline = new("none", "none", 0, 0.943, 0.185, 0);
    private static readonly ReinforcementRow CostlyAt8 = Row("last-layer", "random", 8, 0.872, 0.418, new(5000, 1181, 16, 1e-300), new(2500, 48, 227, 5e-29));
    private static readonly ReinforcementRow UselessAt8 = Row("last-layer", "extra-originals", 8, 0.944, 0.173, new(5000, 9, 66, 7.7e-12), new(2500, 4, 1, 0.375));
    private static readonly ReinforcementRow WithinToleranceAt24 = Row("last-layer", "random", 24, 0.935, 0.357, new(5000, 865, 4, 1e-251), new(2500, 34, 55, 0.033));
    private static readonly ReinforcementRow CostlyAt24 = Row("dfr", "balanced", 24, 0.711, 0.585, new(5000, 2221, 218, 1e-300), new(2500, 77, 658, 7e-116));

    private static ModelSummary Model()
    {
        var stress = new StressSummary("test", 2500, 0.943, 0.5, new RateSummary(2500, 0, 0, 0.002),
            [new KindSummary("background", 5000, 0.16, 0.839, 0.828, 0.849, 0.7, 70, true)], [], [], null, null, StressSummary.MetricDefinitions);
        return new ModelSummary("m", stress, stress, ["background"], [Baseline, CostlyAt8, UselessAt8, WithinToleranceAt24, CostlyAt24]);
    }

    [Fact]
    public void A_loss_McNemar_confirms_costs_only_beyond_the_tolerance_alpha_is_chosen_with()
    {
        var verdict = Verdict.Of(Model());
        Assert.True(verdict.CostsOriginals(CostlyAt8));          // −7.1 points, p = 5e-29
        Assert.False(verdict.CostsOriginals(WithinToleranceAt24)); // −0.8 points: significant (p = 0.033) but within 1 point
        Assert.False(verdict.CostsOriginals(UselessAt8));          // no loss at all
    }

    [Fact]
    public void A_user_who_accepts_a_larger_drop_with_max_orig_drop_is_shown_the_repair_it_chose()
    {
        var verdict = Verdict.Of(Model() with { MaxOrigDrop = 0.08 });
        Assert.False(verdict.CostsOriginals(CostlyAt8)); // −7.1 points: within the 8 points the user accepted
        Assert.True(verdict.CostsOriginals(CostlyAt24)); // −23.2 points
        Assert.Same(CostlyAt8, verdict.BestPerBudget[0]);
    }

    [Fact]
    public void Each_budget_recommends_the_best_repair_within_the_tolerance_and_names_the_costlier_one()
    {
        var verdict = Verdict.Of(Model());
        Assert.Equal([UselessAt8, WithinToleranceAt24], verdict.BestPerBudget);
        Assert.Same(CostlyAt8, verdict.CostlierPerBudget[8]);
        Assert.Same(CostlyAt24, verdict.CostlierPerBudget[24]);
        Assert.Same(WithinToleranceAt24, verdict.Best);
    }

    [Fact]
    public void A_budget_where_no_repair_helps_says_so_first()
    {
        var html = new StringBuilder();
        VerdictSection.Append(html, Model(), Verdict.Of(Model()), named: false);
        var text = html.ToString();
        Assert.Contains("<b>K = 8</b>: <b class=bad>no repair is significantly better than the baseline</b> within the tolerance on originals; the best, last-layer with extra-originals images: acc_cf 18.5 % → <b>17.3 %</b>", text);
        Assert.Contains("<b>K = 24</b>: last-layer with random images: acc_cf 18.5 % → <b>35.7 %</b>", text);
        Assert.Contains("(−0.8 points, McNemar p = 0.033: within the tolerance)", text);
        Assert.Contains("dfr with balanced images reaches 58.5 % but at a significant cost on originals (94.3 % → 71.1 %, McNemar p = 7.0e-116)", text);
    }
}
