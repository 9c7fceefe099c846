using Counterforge.Core.Analysis;
using Counterforge.Core.Metrics;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

public sealed record ShortcutInfo(string Kind, double P)
{
    /// <summary>As the --shortcut option writes it: "background:0.95", or "none".</summary>
    public override string ToString() => Kind == "none" ? "none" : $"{Kind}:{P.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

public sealed record SplitCounts(int Train, int Val, int Test, int TestBalanced, int Extra);

public sealed record RateSummary(int N, double FlipRate, double CiLow, double CiHigh)
{
    public static RateSummary Of(EditStats s) => new(s.N, s.FlipRate.Value, s.FlipRate.Low, s.FlipRate.High);
}

public sealed record KindSummary(string Kind, int N, double AccCf, double FlipRate, double CiLow, double CiHigh, double ConfDrop, double Sensitivity, bool Weakness);

public sealed record ClassKindSummary(string Class, string Kind, int N, double AccCf, double FlipRate, double CiLow, double CiHigh, double Sensitivity);

/// <param name="PValue">Fisher's exact test (one-sided) of the word's flip rate against the null-edit control's.</param>
/// <param name="QValue">Benjamini–Hochberg adjusted over every word of the split; <paramref name="Flagged"/> when at most the FDR.</param>
public sealed record WordSummary(string Kind, string Word, int N, double AccCf, double FlipRate, double CiLow, double CiHigh, double Sensitivity,
    double PValue, double QValue, bool Flagged);

public sealed record StressSummary(
    string Split,
    int NOrig,
    double AccOrig,
    double AccCf,
    RateSummary NullEdit,
    IReadOnlyList<KindSummary> Kinds,
    IReadOnlyList<WordSummary> Words,
    IReadOnlyList<ClassKindSummary> Classes,
    double? WorstGroup,
    double? AdjustedMean,
    IReadOnlyDictionary<string, string> Definitions)
{
    public static readonly IReadOnlyDictionary<string, string> MetricDefinitions = new Dictionary<string, string>
    {
        ["acc_orig"] = "accuracy on the split's original images",
        ["acc_cf"] = "accuracy on accepted counterfactuals (label = source label), null edits excluded",
        ["flip_rate"] = "share of correctly classified sources whose counterfactual is misclassified; ci = Wilson 95 %",
        ["acc_cf_flagged"] = "acc_cf on the counterfactuals of the kinds flagged on validation only (all kinds when none is): what reinforcement is judged on",
        ["sensitivity"] = "LANCE: mean |p_y(x) − p_y(x′)| × 100",
        ["conf_drop"] = "mean p_y(x) − p_y(x′)",
        ["weakness"] = "flip-rate interval wholly above the null-edit control's, and flip rate ≥ control's + the minimum effect (10 points by default)",
        ["worst_group"] = GroupAccuracy.WorstGroupDefinition,
        ["adjusted_mean"] = GroupAccuracy.AdjustedMeanDefinition,
        ["flagged (word, cluster)"] = $"flip rate above the null-edit control's by Fisher's exact test (one-sided), Benjamini–Hochberg q ≤ {ControlComparison.DefaultFdr} over all words (clusters) of the split; p is uncorrected, the Wilson interval too",
        ["mcnemar"] = "McNemar's exact test of a repair on the same test images: fixed (wrong before, right after) against broken (right before, wrong after), two-sided p",
        ["gap_closed"] = "(acc_cf_after − acc_cf_before) / (acc_orig_before − acc_cf_before), acc_cf on the kinds flagged on validation; gap_closed_ci = 95 % paired bootstrap (2,000 resamples of test originals and counterfactuals), with the gap's own interval: when that reaches 0 the gap is not significant and gap closed is shown as n/a",
    };

    public static StressSummary Of(StressTestResult r, Judgement? groups) => new(
        r.Split, r.NOrig, r.AccOrig, r.AccCf, RateSummary.Of(r.NullEdit),
        r.Kinds.Select(k => new KindSummary(k.Kind, k.Stats.N, k.Stats.AccCf, k.Stats.FlipRate.Value, k.Stats.FlipRate.Low, k.Stats.FlipRate.High,
            k.Stats.ConfDrop, k.Stats.Sensitivity, k.Weakness)).ToList(),
        WordsOf(r),
        r.Classes.Select(c => new ClassKindSummary(c.Class, c.Kind, c.Stats.N, c.Stats.AccCf, c.Stats.FlipRate.Value, c.Stats.FlipRate.Low,
            c.Stats.FlipRate.High, c.Stats.Sensitivity)).ToList(),
        groups?.WorstGroup, groups?.AdjustedMean, MetricDefinitions);

    private static List<WordSummary> WordsOf(StressTestResult r)
    {
        var significance = ControlComparison.Test(r.Words.Select(w => w.Stats.FlipRate).ToList(), r.NullEdit.FlipRate);
        return r.Words.Select((w, i) => new WordSummary(w.Kind, w.Word, w.Stats.N, w.Stats.AccCf, w.Stats.FlipRate.Value, w.Stats.FlipRate.Low,
            w.Stats.FlipRate.High, w.Stats.Sensitivity, significance[i].PValue, significance[i].QValue, significance[i].Flagged)).ToList();
    }
}

/// <summary>A group of similar edits of one class (LANCE's analysis), named by its most central edit, with the classifier's response on test.</summary>
/// <param name="PValue">Fisher's exact test (one-sided) of the cluster's flip rate against the null-edit control's.</param>
/// <param name="QValue">Benjamini–Hochberg adjusted over every cluster; <paramref name="Flagged"/> when at most the FDR.</param>
public sealed record ClusterSummary(string Class, string Name, string Kind, int N, double FlipRate, double CiLow, double CiHigh, double Sensitivity,
    double PValue, double QValue, bool Flagged)
{
    /// <summary>Every cluster of a split, tested together against the split's null-edit control.</summary>
    public static IReadOnlyList<ClusterSummary> OfAll(IReadOnlyList<(string Class, string Name, string Kind, EditStats Stats)> clusters, EditStats control)
    {
        var significance = ControlComparison.Test(clusters.Select(c => c.Stats.FlipRate).ToList(), control.FlipRate);
        return clusters.Select((c, i) => new ClusterSummary(c.Class, c.Name, c.Kind, c.Stats.N, c.Stats.FlipRate.Value, c.Stats.FlipRate.Low,
            c.Stats.FlipRate.High, c.Stats.Sensitivity, significance[i].PValue, significance[i].QValue, significance[i].Flagged)).ToList();
    }
}

/// <param name="Clusters">Edit clusters per class on the test split, most sensitive first; null when not computed.</param>
/// <param name="Pareto">The blends no other blend beats on both validation accuracies (originals, counterfactuals), each row's chosen one marked.</param>
/// <param name="FeatureCeiling">What a fresh last layer on every validation original and counterfactual reaches on test: the most re-weighting the baseline's features can close.</param>
/// <param name="BlendRule">How each row's α was chosen within that drop (--blend).</param>
/// <param name="MaxOrigDrop">The validation accuracy on originals a chosen blend could lose (--max-orig-drop); the report's cost rule uses it too.</param>
public sealed record ModelSummary(
    string Model,
    StressSummary Validation,
    StressSummary StressTest,
    IReadOnlyList<string> FlaggedOnValidation,
    IReadOnlyList<ReinforcementRow> Reinforcement,
    IReadOnlyList<ClusterSummary>? Clusters = null,
    IReadOnlyList<FrontPoint>? Pareto = null,
    HardenResult? Harden = null,
    double MaxOrigDrop = BlendChoice.MaxOriginalDrop,
    string BlendRule = BlendChoice.Best,
    FeatureCeiling? FeatureCeiling = null);

/// <summary>summary.json: the first model's results at the top level (the schema other tools read), every model under "models".</summary>
/// <param name="Command">The command that reproduces the run (for a run made verb by verb, its verbs joined by &amp;&amp;).</param>
/// <param name="WallSeconds">The run's wall time (for a run made verb by verb, the sum of its verbs').</param>
/// <param name="Harden">The first model's harden loop (rounds, budgets, what each cost), when one ran.</param>
/// <param name="Verbs">The verbs that made the run, in order, when it was made verb by verb; null otherwise.</param>
public sealed record Summary(
    int Seed,
    ShortcutInfo? Shortcut,
    string Model,
    double WallSeconds,
    SplitCounts Counts,
    StressSummary StressTest,
    IReadOnlyList<ReinforcementRow> Reinforcement,
    IReadOnlyList<ModelSummary> Models,
    string Command,
    IReadOnlyList<VerbRun>? Verbs = null,
    Generation.GenerationSummary? Generation = null,
    HardenResult? Harden = null)
{
    public static ModelSummary OfModel(ModelRunResult r) => new(
        r.ModelTag, StressSummary.Of(r.Validation, null), StressSummary.Of(r.Test, r.Before),
        r.Validation.WeakKinds, r.Reinforcement, Pareto: ParetoFront.Of(r.Reinforcement), FeatureCeiling: r.FeatureCeiling);
}
