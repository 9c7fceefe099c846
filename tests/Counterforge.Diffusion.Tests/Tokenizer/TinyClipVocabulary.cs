using System.Text.Json;

namespace Counterforge.Diffusion.Tests.Tokenizer;

/// <summary>
/// A 75-token CLIP-style vocabulary and its 13 merges, built exactly like reference/clip_bpe_reference.py builds
/// them (letters, letters + "&lt;/w&gt;", punctuation, merged tokens, then start and end tokens), written to a temp folder.
/// </summary>
internal sealed class TinyClipVocabulary : IDisposable
{
    public static readonly (string Left, string Right)[] Merges =
    [
        ("p", "h"), ("ph", "o"), ("t", "o</w>"), ("pho", "to</w>"), ("o", "f</w>"), ("c", "a"), ("ca", "t</w>"),
        ("d", "o"), ("do", "g</w>"), ("s", "n"), ("sn", "o"), ("sno", "w"), ("'", "s</w>"),
    ];

    public TinyClipVocabulary()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("cf-clip-").FullName;
        WriteTo(Directory);
    }

    /// <summary>Writes vocab.json and merges.txt into a folder (a stand-in model set's tokenizer/).</summary>
    public static void WriteTo(string directory)
    {
        var letters = Enumerable.Range('a', 26).Select(c => ((char)c).ToString()).ToList();
        string[] punctuation = [".", ",", "!", "'"];
        var tokens = letters.Concat(letters.Select(l => l + "</w>"))
            .Concat(punctuation).Concat(punctuation.Select(p => p + "</w>"))
            .Concat(Merges.Select(m => m.Left + m.Right))
            .Append("<|startoftext|>").Append("<|endoftext|>").ToList();
        var vocabulary = tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        File.WriteAllText(Path.Combine(directory, "vocab.json"), JsonSerializer.Serialize(vocabulary));
        File.WriteAllLines(Path.Combine(directory, "merges.txt"), Merges.Select(m => $"{m.Left} {m.Right}").Prepend("#version: 0.2"));
    }

    public string Directory { get; }
    public string VocabPath => Path.Combine(Directory, "vocab.json");
    public string MergesPath => Path.Combine(Directory, "merges.txt");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
