namespace Counterforge.Scenes;

/// <summary>
/// Reads a caption slot by slot in caption order. When a slot does not match, the words up to the next phrase that a
/// later slot would accept are what the renderer "cannot draw", so the message points at exactly the bad words.
/// </summary>
internal static class SceneCaptionParser
{
    public static SceneSpec Parse(string caption)
    {
        var text = Normalize(caption);
        if (text.Length == 0)
            throw new SceneCaptionException($"cannot draw an empty caption: expected e.g. '{Example}'.");
        if (!StartsWithPhrase(text, "a"))
            throw new SceneCaptionException($"cannot draw '{FirstWord(text)}': expected the caption to begin with 'a', e.g. '{Example}'.");

        int position = 1;
        var words = new Dictionary<string, string>();
        for (int slot = 0; slot < SceneKinds.CaptionOrder.Count; slot++)
        {
            var kind = SceneKinds.CaptionOrder[slot];
            var read = text[..position];
            var rest = text[position..].TrimStart();
            position = text.Length - rest.Length;
            var options = SceneVocabulary.Of(kind);
            var expected = $"{SceneVocabulary.Describe(kind)} ({string.Join(", ", options.Select(e => e.Phrase))})";
            if (rest.Length == 0)
                throw new SceneCaptionException($"the caption ends after '{read}': expected {expected} next.");

            var match = options.Where(e => StartsWithPhrase(rest, e.Phrase)).MaxBy(e => e.Phrase.Length);
            if (match is null) throw Unmatched(rest, read, expected, slot);
            words[kind] = match.Word;
            position += match.Phrase.Length;
        }

        var trailing = text[position..].Trim();
        if (trailing.Length > 0)
            throw new SceneCaptionException($"cannot draw '{trailing}': expected the end of the caption after '{text[..position]}'.");
        return new SceneSpec(words[SceneKinds.Subject], words[SceneKinds.Size], words[SceneKinds.Color],
            words[SceneKinds.Background], words[SceneKinds.Weather], words[SceneKinds.Time]);
    }

    private static string Example => SceneGrammar.Format(new SceneSpec("star", "small", "red", "sand", "rain", "night"));

    private static SceneCaptionException Unmatched(string rest, string read, string expected, int slot)
    {
        // The next phrase a later slot accepts marks where the bad words end; if it starts right here, the slot is missing.
        var later = SceneKinds.CaptionOrder.Skip(slot + 1).SelectMany(SceneVocabulary.Of).ToList();
        var next = later.Select(e => (Entry: e, At: FindPhrase(rest, e.Phrase))).Where(h => h.At >= 0)
            .OrderBy(h => h.At).ThenByDescending(h => h.Entry.Phrase.Length).FirstOrDefault();
        if (next.Entry is not null && next.At == 0)
            return new SceneCaptionException(
                $"missing {SceneVocabulary.Describe(SceneKinds.CaptionOrder[slot])}: expected {expected} after '{read}', but found '{next.Entry.Phrase}'.");
        var bad = next.Entry is null ? rest : rest[..next.At].TrimEnd();
        return new SceneCaptionException($"cannot draw '{bad}': expected {expected} after '{read}'.");
    }

    private static string Normalize(string caption)
    {
        var text = string.Join(' ', (caption ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        return text.EndsWith('.') ? text[..^1].TrimEnd() : text;
    }

    private static bool StartsWithPhrase(string text, string phrase) =>
        text.StartsWith(phrase, StringComparison.Ordinal) && (text.Length == phrase.Length || text[phrase.Length] == ' ');

    /// <summary>First occurrence of a phrase as whole words, or -1.</summary>
    private static int FindPhrase(string text, string phrase)
    {
        for (int at = text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + 1, StringComparison.Ordinal))
            if ((at == 0 || text[at - 1] == ' ') && StartsWithPhrase(text[at..], phrase)) return at;
        return -1;
    }

    private static string FirstWord(string text) => text.Split(' ')[0];
}
