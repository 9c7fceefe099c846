namespace Counterforge.SceneModels;

/// <summary>How often the oracle read one attribute as asked, over a set of images.</summary>
public sealed record AttributeAccuracy(string Kind, int Correct, int Total)
{
    public double Rate => Total == 0 ? double.NaN : (double)Correct / Total;
}

/// <summary>Counts per kind, filled image by image.</summary>
internal sealed class AccuracyTally
{
    private readonly Dictionary<string, (int Correct, int Total)> counts = SceneAttributes.Kinds.ToDictionary(k => k, _ => (0, 0));

    public void Add(string kind, bool correct)
    {
        var (c, t) = counts[kind];
        counts[kind] = (c + (correct ? 1 : 0), t + 1);
    }

    public IReadOnlyList<AttributeAccuracy> Result() => SceneAttributes.Kinds.Select(k => new AttributeAccuracy(k, counts[k].Correct, counts[k].Total)).ToList();
}
