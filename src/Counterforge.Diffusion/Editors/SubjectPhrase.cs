namespace Counterforge.Diffusion.Editors;

/// <summary>
/// Where a caption names the class subject: the subject word and the words that describe it ("a large red star on grass":
/// "large red star"). An edit of those words (the subject's colour or size) edits the subject; any other (background,
/// weather, time of day) leaves it alone, so an editor can keep the subject out of its mask.
/// </summary>
public sealed record SubjectPhrase(string Caption, int Start, int End)
{
    /// <summary>Words that open a noun phrase or join one to the rest of a caption: the describing words lie after them.</summary>
    private static readonly HashSet<string> Boundaries = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "this", "that", "some", "its", "his", "her", "their", "of", "on", "in", "at", "by", "with", "against",
        "and", "under", "over", "near", "beside", "behind", "above", "below", "into", "onto", "from", "to", "is", "are",
    };

    /// <summary>The subject's phrase in <paramref name="caption"/>; null when the caption does not name <paramref name="subject"/> as a word.</summary>
    public static SubjectPhrase? Find(string caption, string subject)
    {
        var words = caption.Split(' ');
        int at = Array.FindIndex(words, w => Matches(w, subject));
        if (at < 0 || subject.Contains(' ')) return null;
        int start = at;
        while (start > 0 && !Boundaries.Contains(Trim(words[start - 1]))) start--;
        return new SubjectPhrase(caption, start, at);
    }

    /// <summary>The caption without the subject's phrase ("a large red star on grass": "a on grass").</summary>
    public string WithoutPhrase => string.Join(' ', Caption.Split(' ').Where((_, i) => i < Start || i > End));

    /// <summary>Whether the edit changes a word of the subject's phrase (its colour, its size, the subject itself).</summary>
    public bool IsEditedBy(string edited)
    {
        var before = Caption.Split(' ');
        var after = edited.Split(' ');
        int prefix = 0;
        while (prefix < before.Length && prefix < after.Length && before[prefix] == after[prefix]) prefix++;
        if (prefix == before.Length && prefix == after.Length) return false;
        int suffix = 0;
        while (suffix < before.Length - prefix && suffix < after.Length - prefix && before[^(suffix + 1)] == after[^(suffix + 1)]) suffix++;
        int changedFrom = prefix, changedTo = before.Length - suffix - 1;
        // Words only inserted (nothing replaced) land before word changedFrom: inside the phrase up to its subject word.
        return changedTo < changedFrom ? changedFrom >= Start && changedFrom <= End : changedFrom <= End && changedTo >= Start;
    }

    private static bool Matches(string word, string subject)
    {
        var w = Trim(word);
        return string.Equals(w, subject, StringComparison.OrdinalIgnoreCase)
            || string.Equals(w, subject + "s", StringComparison.OrdinalIgnoreCase);
    }

    private static string Trim(string word) => word.Trim(',', '.', ';', ':', '!', '?', '"', '\'', '(', ')');
}
