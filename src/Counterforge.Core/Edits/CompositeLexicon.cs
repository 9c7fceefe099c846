namespace Counterforge.Core.Edits;

/// <summary>
/// The lexicon for real images edited by compositing: a background kind whose words are the background bank's folder names
/// (a caption says "on {word}"), and a colour kind with the <see cref="NamedColors"/> words.
/// </summary>
public static class CompositeLexicon
{
    public static Lexicon Create(IEnumerable<string> backgroundWords) => new(
        backgroundWords.Select(w => new LexiconEntry(EditKinds.Background, w, $"on {w}"))
            .Concat(NamedColors.All.Keys.Select(c => new LexiconEntry(EditKinds.Color, c, c))));
}
