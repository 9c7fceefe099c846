using System.Text.Json;
using Counterforge.Diffusion.Tokenizer;

namespace Counterforge.Diffusion.Tests.Tokenizer;

/// <summary>
/// Counterforge's tokenizer on CLIP's real vocabulary against OpenAI CLIP's own tokenizer: reference_ids.jsonl holds
/// the ids clip/simple_tokenizer.py gave for 3,571 captions (scenes captions and their edits, LANCE-style captions,
/// punctuation, contractions, html entities, digits, scripts and emoji, captions past the 77-token context), written
/// by reference/clip_tokenizer_reference.py, which also wrote vocab.json and merges.txt from the reference's tables.
/// </summary>
public sealed class ClipTokenizerAgreementTests
{
    private static readonly string VocabularyDirectory = Path.Combine(AppContext.BaseDirectory, "Tokenizer", "ClipVocabulary");

    [Fact]
    public void EveryCaptionEncodesToTheReferenceIds()
    {
        var tokenizer = ClipTokenizer.Load(VocabularyDirectory);
        var references = ReferenceCaptions().ToList();
        Assert.True(references.Count > 3000, $"only {references.Count} reference captions");
        var disagreements = new List<string>();
        foreach (var (text, expected) in references)
        {
            var ids = tokenizer.Encode(text);
            var padding = Enumerable.Repeat(tokenizer.PadId, ids.Length - expected.Length);
            if (!ids.SequenceEqual(expected.Concat(padding)))
                disagreements.Add($"{JsonSerializer.Serialize(text)}: expected [{string.Join(' ', expected)}], got [{string.Join(' ', ids.Take(expected.Length + 1))} …]");
        }
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {references.Count} disagree:\n" + string.Join("\n", disagreements.Take(40)));
    }

    [Fact]
    public void TheRealVocabularyHasClipsSpecialIds()
    {
        var tokenizer = ClipTokenizer.Load(VocabularyDirectory);
        Assert.Equal((49406, 49407, 49407), (tokenizer.StartId, tokenizer.EndId, tokenizer.PadId));
    }

    internal static IEnumerable<(string Text, int[] Ids)> ReferenceCaptions()
    {
        foreach (string line in File.ReadLines(Path.Combine(VocabularyDirectory, "reference_ids.jsonl")))
        {
            using var document = JsonDocument.Parse(line);
            yield return (document.RootElement.GetProperty("text").GetString()!,
                document.RootElement.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32()).ToArray());
        }
    }
}
