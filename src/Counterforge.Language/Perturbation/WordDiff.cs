namespace Counterforge.Language.Perturbation;

/// <summary>
/// The word-level difference between a caption and its edit (longest common subsequence of words, compared without
/// case or surrounding punctuation): every removed and added run, and the longest of each as the edit's (from, to).
/// </summary>
public sealed record WordDiff(IReadOnlyList<IReadOnlyList<string>> Removed, IReadOnlyList<IReadOnlyList<string>> Added)
{
    public IEnumerable<string> RemovedWords => Removed.SelectMany(r => r);
    public IEnumerable<string> AddedWords => Added.SelectMany(r => r);

    /// <summary>The longest removed run (the first of equals), or null for a pure addition.</summary>
    public string? From => Longest(Removed);
    public string? To => Longest(Added);

    public static WordDiff Of(string original, string edited)
    {
        var a = Words(original);
        var b = Words(edited);
        var common = new int[a.Count + 1, b.Count + 1];
        for (int i = a.Count - 1; i >= 0; i--)
            for (int j = b.Count - 1; j >= 0; j--)
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);

        var removed = new List<IReadOnlyList<string>>();
        var added = new List<IReadOnlyList<string>>();
        var removing = new List<string>();
        var adding = new List<string>();
        void Close()
        {
            if (removing.Count > 0) removed.Add(removing.ToList());
            if (adding.Count > 0) added.Add(adding.ToList());
            removing.Clear();
            adding.Clear();
        }
        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y]) { Close(); x++; y++; }
            else if (y < b.Count && (x == a.Count || common[x, y + 1] >= common[x + 1, y])) adding.Add(b[y++]);
            else removing.Add(a[x++]);
        }
        Close();
        return new WordDiff(removed, added);
    }

    /// <summary>Lower-cased words with leading and trailing punctuation stripped; empty tokens dropped.</summary>
    public static List<string> Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim(',', '.', ';', ':', '!', '?', '"', '\'', '(', ')').ToLowerInvariant())
            .Where(w => w.Length > 0).ToList();

    private static string? Longest(IReadOnlyList<IReadOnlyList<string>> runs) =>
        runs.Count == 0 ? null : string.Join(" ", runs.OrderByDescending(r => r.Count).First());
}
