namespace Counterforge.Language.Embeddings;

/// <summary>Maps sentences to unit-length vectors whose dot product measures how alike their meanings are.</summary>
public interface ITextEmbedder
{
    /// <summary>One unit vector per text, in order.</summary>
    float[][] Embed(IReadOnlyList<string> texts);
}
