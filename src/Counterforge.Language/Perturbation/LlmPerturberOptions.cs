namespace Counterforge.Language.Perturbation;

/// <summary>What the LLM perturber asks for and what it accepts.</summary>
public sealed record LlmPerturberOptions
{
    /// <summary>Edits asked for per LANCE edit type and caption.</summary>
    public int EditsPerType { get; init; } = 2;

    /// <summary>An edit that adds or removes more words than this (over all its changed runs) is refused.</summary>
    public int MaxChangedWords { get; init; } = 6;

    public int MaxCaptionLength { get; init; } = 200;

    /// <summary>Removed words at least this similar to the class name (cosine of sentence embeddings) make an edit touch the subject.</summary>
    public double ClassSimilarityThreshold { get; init; } = SubjectGuard.DefaultThreshold;

    public void Validate()
    {
        if (EditsPerType < 1) throw new ArgumentException($"Edits per type {EditsPerType} must be at least 1.");
        if (MaxChangedWords < 1) throw new ArgumentException($"Max changed words {MaxChangedWords} must be at least 1.");
        if (MaxCaptionLength < 10) throw new ArgumentException($"Max caption length {MaxCaptionLength} must be at least 10.");
        if (ClassSimilarityThreshold is <= 0 or > 1) throw new ArgumentException($"Class similarity threshold {ClassSimilarityThreshold} must be in (0, 1].");
    }
}
