namespace Counterforge.Core.Generation;

/// <summary>
/// A generated image for one edit and the filter's verdict on it. <see cref="ImagePath"/> and <see cref="MaskPath"/> are
/// relative to the run folder; the mask (white = changed) exists only for editors that know the region they changed.
/// </summary>
/// <param name="Scores">The filter's scores (CLIP similarities, …), kept with accepted and rejected images alike.</param>
public sealed record Counterfactual(
    string EditId,
    string SourceId,
    string Kind,
    string? From,
    string? To,
    string ImagePath,
    string Editor,
    bool Accepted,
    string? RejectReason = null,
    string? MaskPath = null,
    IReadOnlyDictionary<string, double>? Scores = null);
