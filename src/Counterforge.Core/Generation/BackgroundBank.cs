using System.Text.RegularExpressions;
using Counterforge.Core.Data;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Generation;

/// <summary>
/// Background images by word: <c>BANK/&lt;word&gt;/*.jpg|jpeg|png|webp|bmp</c>. A folder name is the word a caption uses
/// (underscores read as spaces: <c>night_sky</c> → "night sky"). Folders with no images or with names that cannot be a
/// caption word are left out and listed in <see cref="Problems"/>.
/// </summary>
public sealed partial class BackgroundBank
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".webp", ".bmp"];
    private readonly Dictionary<string, IReadOnlyList<string>> images;

    private BackgroundBank(string root, Dictionary<string, IReadOnlyList<string>> images, IReadOnlyList<string> problems)
    {
        Root = root;
        this.images = images;
        Problems = problems;
        Words = images.Keys.Order(StringComparer.Ordinal).ToList();
        // Names and sizes of every image: a changed bank changes the composite editor's cache key.
        Fingerprint = StableHash.Of(string.Join("\n", Words.SelectMany(w => images[w])
            .Select(p => $"{Path.GetRelativePath(root, p)}:{new FileInfo(p).Length}"))).ToString("x16");
    }

    public string Root { get; }

    /// <summary>The background words, sorted ordinally.</summary>
    public IReadOnlyList<string> Words { get; }

    public IReadOnlyList<string> Problems { get; }

    public string Fingerprint { get; }

    public bool Contains(string word) => images.ContainsKey(word);

    /// <summary>Absolute paths of the word's images, sorted ordinally.</summary>
    public IReadOnlyList<string> ImagesOf(string word) =>
        images.TryGetValue(word, out var list) ? list : throw new KeyNotFoundException($"'{word}' is not a background in bank {Root}; words: {string.Join(", ", Words)}.");

    /// <summary>The image for one edit: the same seed and edit id pick the same image on every machine.</summary>
    public string Pick(string word, int seed, string editId)
    {
        var list = ImagesOf(word);
        return list[(int)(StableHash.Of($"{seed}\u001f{editId}") % (ulong)list.Count)];
    }

    public static BackgroundBank Load(string root)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"Background bank '{root}' does not exist; expected BANK/<word>/<image>.jpg.");
        var found = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('.')) continue;
            var word = name.Replace('_', ' ');
            if (!WordPattern().IsMatch(word))
            {
                problems.Add($"{folder}: '{name}' cannot be a caption word (letters, digits, spaces, hyphens); left out.");
                continue;
            }
            if (found.Keys.FirstOrDefault(k => Edits.Edit.WordKey(k) == Edits.Edit.WordKey(word)) is { } taken)
            {
                problems.Add($"{folder}: the word '{word}' is the same edit as '{taken}', already given by another folder; left out.");
                continue;
            }
            var files = Directory.EnumerateFiles(folder)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Select(f => PathGuard.ResolveFollowingLinks(root, Path.GetRelativePath(root, f), $"background bank {root}"))
                .Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                problems.Add($"{folder}: holds no images (.jpg, .jpeg, .png, .webp, .bmp); left out.");
                continue;
            }
            found[word] = files;
        }
        if (found.Count == 0) throw new InvalidDataException($"Background bank '{root}' holds no usable word folders: expected BANK/<word>/<image>.jpg.");
        return new BackgroundBank(root, found, problems);
    }

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} \-]*$")]
    private static partial Regex WordPattern();
}
