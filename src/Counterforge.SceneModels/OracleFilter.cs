using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Scenes;

namespace Counterforge.SceneModels;

/// <summary>
/// The scenes world's counterpart of LANCE's CLIP checks for a generative editor: a counterfactual is kept only when the
/// attribute oracle reads the edit's new word (the edit is visible) and still reads the source's subject (the class
/// survived). A null edit is only checked for the subject. The filter owns the oracle and releases it.
/// </summary>
public sealed class OracleFilter(SceneAttributeOracle oracle) : ICounterfactualFilter, IDisposable
{
    public const string EditNotVisible = "edit not visible";
    public const string SubjectChanged = "subject changed";

    public string Name => "scenes-oracle";

    public Task<FilterDecision> CheckAsync(Sample source, string sourceImagePath, Edit edit, byte[] counterfactualPng, CancellationToken cancel = default) =>
        Task.FromResult(Check(source, sourceImagePath, edit, counterfactualPng));

    public void Dispose() => oracle.Dispose();

    public FilterDecision Check(Sample source, string sourceImagePath, Edit edit, byte[] counterfactualPng)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(edit);
        var reading = oracle.Read(counterfactualPng);
        var scores = reading.Confidence.ToDictionary(c => $"oracle_{c.Key}", c => c.Value);
        if (reading[SceneKinds.Subject] != source.Label) return new FilterDecision(false, SubjectChanged, scores);
        if (!edit.IsNull && edit.To is { } word && reading.Words.TryGetValue(edit.Kind, out var read) && read != word)
            return new FilterDecision(false, EditNotVisible, scores);
        return new FilterDecision(true, Scores: scores);
    }
}
