using Counterforge.Core.Analysis;
using Counterforge.Core.Metrics;
using Counterforge.Core.Reinforcement;

namespace Counterforge.Core.Pipeline;

public sealed record ShortcutInfo(string Kind, double P);

public sealed record SplitCounts(int Train, int Val, int Test, int TestBalanced, int Extra);

public sealed record RateSummary(int N, double FlipRate, double CiLow, double CiHigh)
{
    public static RateSummary Of(EditStats s) => new(s.N, s.FlipRate.Value, s.FlipRate.Low, s.FlipRate.High);
}

public sealed record KindSummary(string Kind, int N, double AccCf, double FlipRate, double CiLow, double CiHigh, double ConfDrop, double Sensitivity, bool Weakness);

public sealed record ClassKindSummary(string Class, string Kind, int N, double AccCf, double FlipRate, double CiLow, double CiHigh, double Sensitivity);

public sealed record WordSummary(string Kind, string Word, int N, double AccCf, double FlipRate, double CiLow, double CiHigh, double Sensitivity);

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
        ["sensitivity"] = "LANCE: mean |p_y(x) − p_y(x′)| × 100",
        ["conf_drop"] = "mean p_y(x) − p_y(x′)",
        ["weakness"] = "flip-rate interval wholly above the null-edit control's, and flip rate ≥ control's + the minimum effect (10 points by default)",
        ["worst_group"] = GroupAccuracy.WorstGroupDefinition,
        ["adjusted_mean"] = GroupAccuracy.AdjustedMeanDefinition,
        ["gap_closed"] = "(acc_cf_after − acc_cf_before) / (acc_orig_before − acc_cf_before), acc_cf on the kinds flagged on validation",
    };

    public static StressSummary Of(StressTestResult r, Judgement? groups) => new(
        r.Split, r.NOrig, r.AccOrig, r.AccCf, RateSummary.Of(r.NullEdit),
        r.Kinds.Select(k => new KindSummary(k.Kind, k.Stats.N, k.Stats.AccCf, k.Stats.FlipRate.Value, k.Stats.FlipRate.Low, k.Stats.FlipRate.High,
            k.Stats.ConfDrop, k.Stats.Sensitivity, k.Weakness)).ToList(),
        r.Words.Select(w => new WordSummary(w.Kind, w.Word, w.Stats.N, w.Stats.AccCf, w.Stats.FlipRate.Value, w.Stats.FlipRate.Low,
            w.Stats.FlipRate.High, w.Stats.Sensitivity)).ToList(),
        r.Classes.Select(c => new ClassKindSummary(c.Class, c.Kind, c.Stats.N, c.Stats.AccCf, c.Stats.FlipRate.Value, c.Stats.FlipRate.Low,
            c.Stats.FlipRate.High, c.Stats.Sensitivity)).ToList(),
        groups?.WorstGroup, groups?.AdjustedMean, MetricDefinitions);
}

/// <summary>A group of similar edits of one class (LANCE's analysis), named by its most central edit, with the classifier's response on test.</summary>
public sealed record ClusterSummary(string Class, string Name, string Kind, int N, double FlipRate, double CiLow, double CiHigh, double Sensitivity)
{
    public static ClusterSummary Of(string className, string name, string kind, EditStats s) =>
        new(className, name, kind, s.N, s.FlipRate.Value, s.FlipRate.Low, s.FlipRate.High, s.Sensitivity);
}

/// <param name="Clusters">Edit clusters per class on the test split, most sensitive first; null when not computed.</param>
public sealed record ModelSummary(
    string Model,
    StressSummary Validation,
    StressSummary StressTest,
    IReadOnlyList<string> FlaggedOnValidation,
    IReadOnlyList<ReinforcementRow> Reinforcement,
    IReadOnlyList<ClusterSummary>? Clusters = null);

/// <summary>summary.json: the first model's results at the top level (the schema other tools read), every model under "models".</summary>
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
    Generation.GenerationSummary? Generation = null)
{
    public static ModelSummary OfModel(LoopResult r) => new(
        r.ModelTag, StressSummary.Of(r.Validation, null), StressSummary.Of(r.Test, r.Before),
        r.Validation.WeakKinds, r.Reinforcement);
}
