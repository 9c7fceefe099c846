namespace Counterforge.Core.Edits;

/// <summary>
/// One attribute value as a caption states it: <see cref="Word"/> names the value in reports ("sand"),
/// <see cref="Phrase"/> is how a caption says it ("on sandy ground").
/// </summary>
public sealed record LexiconEntry(string Kind, string Word, string Phrase);

/// <summary>Typed word lists: for each edit kind, the values a caption may state and how it states them.</summary>
public sealed class Lexicon
{
    public Lexicon(IEnumerable<LexiconEntry> entries)
    {
        Entries = entries.ToList();
        var duplicate = Entries.GroupBy(e => e.Phrase, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Lexicon phrase '{duplicate.Key}' is listed more than once; each phrase must name one value of one kind.");
    }

    public IReadOnlyList<LexiconEntry> Entries { get; }

    public IReadOnlyList<string> Kinds => Entries.Select(e => e.Kind).Distinct().ToList();

    public IReadOnlyList<LexiconEntry> OfKind(string kind) => Entries.Where(e => e.Kind == kind).ToList();
}
