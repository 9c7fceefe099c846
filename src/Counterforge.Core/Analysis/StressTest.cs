using Counterforge.Core.Edits;
using Counterforge.Core.Metrics;

namespace Counterforge.Core.Analysis;

/// <summary>
/// Turns predictions on (source, counterfactual) pairs into weaknesses. A kind is a weakness only when its flip-rate
/// interval lies wholly above the null-edit control's, so generator artifacts alone can never flag one, and its flip rate
/// exceeds the control's by at least <paramref name="minimumEffect"/>, so a statistically sure but negligible effect is not
/// reported as a shortcut.
/// </summary>
public static class StressTest
{
    /// <summary>
    /// Ten points above the control: on the scenes world a merely fragile classifier (e.g. one that learned a colour
    /// shortcut) flips 4–9 % of images under every kind of edit, while a shortcut's own kind flips 25–60 %.
    /// </summary>
    public const double DefaultMinimumEffect = 0.10;

    public static StressTestResult Analyze(
        string split,
        IReadOnlyList<(int Label, float[] Probs)> originals,
        IReadOnlyList<PairOutcome> pairs,
        IReadOnlyList<string> classes,
        double minimumEffect = DefaultMinimumEffect)
    {
        var control = EditStats.Of(pairs.Where(p => p.Kind == Edit.NullKind).ToList());
        var edits = pairs.Where(p => p.Kind != Edit.NullKind).ToList();

        var kinds = edits.GroupBy(p => p.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var stats = EditStats.Of(g.ToList());
            bool weak = stats.FlipRate.Low > control.FlipRate.High && stats.FlipRate.Value - control.FlipRate.Value >= minimumEffect;
            return new KindResult(g.Key, stats, weak);
        }).ToList();

        var words = edits.GroupBy(p => (p.Kind, Word: p.To ?? ""))
            .OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Word, StringComparer.Ordinal)
            .Select(g => new WordResult(g.Key.Kind, g.Key.Word, EditStats.Of(g.ToList()))).ToList();

        var perClass = edits.GroupBy(p => (Class: classes[p.Label], p.Kind))
            .OrderBy(g => g.Key.Class, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal)
            .Select(g => new ClassKindResult(g.Key.Class, g.Key.Kind, EditStats.Of(g.ToList()))).ToList();

        // Undefined, not zero, when there is nothing to count: no counterfactual was accepted, or no original was scored.
        double accOrig = originals.Count == 0 ? double.NaN : originals.Count(o => PairOutcome.ArgMax(o.Probs) == o.Label) / (double)originals.Count;
        double accCf = edits.Count == 0 ? double.NaN : edits.Count(p => p.CounterfactualCorrect) / (double)edits.Count;
        return new StressTestResult(split, originals.Count, accOrig, edits.Count, accCf, control, kinds, words, perClass);
    }
}
