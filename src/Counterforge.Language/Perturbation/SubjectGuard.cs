using Counterforge.Language.Embeddings;

namespace Counterforge.Language.Perturbation;

/// <summary>
/// Keeps edits off the class subject, as LANCE does: an edit is refused when it removes a class word, changes how often
/// a class word occurs, or removes words whose meaning is close to the class name (cosine of sentence embeddings at or
/// above the threshold; LANCE uses 0.5), which catches synonyms and hyponyms ("puppy" for dog) that no word list has.
/// </summary>
public sealed class SubjectGuard(ITextEmbedder embedder, double threshold = SubjectGuard.DefaultThreshold)
{
    public const double DefaultThreshold = 0.5;

    private static readonly HashSet<string> Fillers = new(StringComparer.Ordinal) { "a", "an", "the", "of", "and", "in", "on", "with" };

    /// <summary>Why the edit touches the class subject, or null when it does not.</summary>
    public string? Violation(string className, string original, string edited, WordDiff diff)
    {
        var classWords = WordDiff.Words(className).Where(w => !Fillers.Contains(w)).ToList();
        var hit = diff.RemovedWords.FirstOrDefault(w => classWords.Any(c => SameWord(w, c)));
        if (hit is not null) return $"removes the class word '{hit}'";
        int before = CountClassWords(original, classWords), after = CountClassWords(edited, classWords);
        if (before != after) return $"changes how often the class word occurs ({before} → {after})";

        var runs = diff.Removed.Select(r => string.Join(" ", r)).Where(r => r.Length > 0).ToList();
        if (runs.Count == 0) return null;
        var vectors = embedder.Embed([className, .. runs]);
        for (int i = 0; i < runs.Count; i++)
        {
            double similarity = Vectors.Dot(vectors[0], vectors[i + 1]);
            if (similarity >= threshold)
                return $"removed words '{runs[i]}' are close to the class '{className}' (similarity {similarity:0.00} ≥ {threshold:0.00})";
        }
        return null;
    }

    private static int CountClassWords(string caption, List<string> classWords) =>
        WordDiff.Words(caption).Count(w => classWords.Any(c => SameWord(w, c)));

    private static bool SameWord(string word, string classWord) =>
        word == classWord || word == classWord + "s" || word == classWord + "es";
}
