namespace Counterforge.Core.Generation;

/// <summary>What the generator made in a run: the editor, the model set it ran (fingerprint), and the filter's verdicts.</summary>
/// <param name="ModelSet">The diffusion model set's fingerprint; null for editors without one.</param>
/// <param name="Rejected">Rejections by reason.</param>
public sealed record GenerationSummary(string Editor, string? ModelSet, int Made, int Accepted, IReadOnlyDictionary<string, int> Rejected)
{
    public static GenerationSummary Of(string editor, string? modelSet, IReadOnlyCollection<Counterfactual> made) => new(
        editor, modelSet, made.Count, made.Count(c => c.Accepted),
        made.Where(c => !c.Accepted).GroupBy(c => c.RejectReason ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
}
