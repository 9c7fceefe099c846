namespace Counterforge.Core.Generation;

/// <summary>A generated image for one edit and the filter's verdict on it. <see cref="ImagePath"/> is relative to the run folder.</summary>
public sealed record Counterfactual(
    string EditId,
    string SourceId,
    string Kind,
    string? From,
    string? To,
    string ImagePath,
    string Editor,
    bool Accepted,
    string? RejectReason = null);
