using Counterforge.Core.Metrics;

namespace Counterforge.Core.Analysis;

public sealed record KindResult(string Kind, EditStats Stats, bool Weakness);

public sealed record WordResult(string Kind, string Word, EditStats Stats);

public sealed record ClassKindResult(string Class, string Kind, EditStats Stats);

/// <summary>Stage 1's findings on one split: accuracy on originals and counterfactuals, per kind, per target word, per class.</summary>
public sealed record StressTestResult(
    string Split,
    int NOrig,
    double AccOrig,
    int NCf,
    double AccCf,
    EditStats NullEdit,
    IReadOnlyList<KindResult> Kinds,
    IReadOnlyList<WordResult> Words,
    IReadOnlyList<ClassKindResult> Classes)
{
    public IReadOnlyList<string> WeakKinds => Kinds.Where(k => k.Weakness).Select(k => k.Kind).ToList();
}
