namespace Counterforge.Core.Reinforcement;

/// <summary>One result of stage 2 (summary.json's "reinforcement" rows). Fractions in 0..1.</summary>
/// <param name="Weights">The reinforced model's weights (safetensors, relative to the run folder), kept for targeted rows.</param>
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
    string? Weights = null)
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

    /// <summary>DESIGN §2: (acc_cf_after − acc_cf_before) / (acc_orig_before − acc_cf_before); 0 when there was no gap.</summary>
    public static double GapClosedOf(double accCfAfter, double accCfBefore, double accOrigBefore)
    {
        double gap = accOrigBefore - accCfBefore;
        return gap <= 1e-9 ? 0 : (accCfAfter - accCfBefore) / gap;
    }
}
