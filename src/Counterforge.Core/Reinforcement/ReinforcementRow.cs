using Counterforge.Core.Metrics;

namespace Counterforge.Core.Reinforcement;

/// <summary>One result of stage 2 (summary.json's "reinforcement" rows). Fractions in 0..1.</summary>
/// <param name="Weights">The reinforced model's weights (safetensors, relative to the run folder), kept for targeted rows.</param>
/// <param name="Sweep">The validation scores of every blend tried (α, and the fresh layer's L2 penalty for last-layer) that α was chosen from.</param>
/// <param name="RepairOnOriginals">McNemar's exact test against the baseline on the same test originals.</param>
/// <param name="RepairOnCounterfactuals">McNemar's exact test against the baseline on the same counterfactuals (the kinds acc_cf is on).</param>
/// <param name="GapClosedCi">Gap closed's 95 % paired-bootstrap interval and the baseline gap's; null for the baseline row.</param>
/// <param name="Predictions">The row's model on each judged test image (JSONL, relative to the run folder), the per-image truth behind both tests.</param>
/// <param name="Added">The images the row added to training (JSONL of <see cref="AddedRecord"/>, relative to the run folder).</param>
/// <param name="FineTune">The full fine-tune's tries, in order (the one kept is the one blended): recipe, loss, its own validation accuracy, divergence.</param>
/// <param name="AccCfReference">Accuracy on the reference editor's counterfactuals of the test edits (the exact renderer beside a generative editor).</param>
/// <param name="GapClosedReference">Gap closed measured on those: the same formula with the baseline's acc_cf on them.</param>
public sealed record ReinforcementRow(
    string Method,
    string Selection,
    int K,
    double AccOrig,
    double AccCf,
    double GapClosed,
    double? WorstGroup = null,
    double? AdjustedMean = null,
    double? Alpha = null,
    double? L2 = null,
    double? DfrC = null,
    string? Note = null,
    string? Weights = null,
    IReadOnlyList<AlphaPoint>? Sweep = null,
    McNemarTest? RepairOnOriginals = null,
    McNemarTest? RepairOnCounterfactuals = null,
    string? Predictions = null,
    GapClosedInterval? GapClosedCi = null,
    IReadOnlyList<FineTuneAttempt>? FineTune = null,
    double? AccCfReference = null,
    double? GapClosedReference = null,
    string? Added = null)
{
    public static class Methods
    {
        public const string None = "none";
        public const string LastLayer = "last-layer";
        public const string Full = "full";
        public const string Dfr = "dfr";
    }

    public static class Selections
    {
        public const string None = "none";
        public const string ExtraOriginals = "extra-originals";
        public const string Random = "random";
        public const string Targeted = "targeted";
        public const string Balanced = "balanced";
    }

    public string Key => $"{Method}-{Selection}-k{K}";

    /// <summary>Gap closed as people read it: with its interval, or "n/a (gap not significant)".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string GapClosedText => GapClosedInterval.Format(GapClosed, GapClosedCi);

    /// <summary>(acc_cf_after − acc_cf_before) / (acc_orig_before − acc_cf_before); 0 when there was no gap.</summary>
    public static double GapClosedOf(double accCfAfter, double accCfBefore, double accOrigBefore)
    {
        double gap = accOrigBefore - accCfBefore;
        return gap <= 1e-9 ? 0 : (accCfAfter - accCfBefore) / gap;
    }
}

/// <summary>One image a reinforcement row added: its id (a counterfactual's edit id, or an original's sample id), its
/// label, and for a counterfactual the original it was made from.</summary>
public sealed record AddedRecord(string ImageId, string Label, string? SourceId);
