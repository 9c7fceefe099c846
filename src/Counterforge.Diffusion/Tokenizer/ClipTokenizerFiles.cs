using System.Text.Json;

namespace Counterforge.Diffusion.Tokenizer;

/// <summary>
/// Reads a model set's <c>tokenizer/</c> folder (vocab.json, merges.txt, optional special_tokens_map.json) with
/// errors that name the file, which Microsoft.ML.Tokenizers' own readers do not.
/// </summary>
internal static class ClipTokenizerFiles
{
    public static Dictionary<string, int> ReadVocabulary(string path)
    {
        string json = ReadText(path, "vocabulary");
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new ModelSetException(path, "expected a JSON object of token → id");
            var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
                    throw new ModelSetException(path, $"token \"{entry.Name}\" has id {entry.Value.GetRawText()}, expected a non-negative integer");
                vocabulary[entry.Name] = id;
            }
            if (vocabulary.Count == 0) throw new ModelSetException(path, "the vocabulary is empty");
            return vocabulary;
        }
        catch (JsonException e) { throw new ModelSetException(path, $"not valid JSON ({e.Message})", e); }
    }

    /// <summary>The merge rules in priority order, each "left right"; the "#version" header line is skipped.</summary>
    public static List<string> ReadMerges(string path)
    {
        var merges = new List<string>();
        int lineNumber = 0;
        foreach (string raw in ReadText(path, "merges").Split('\n'))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal))) continue;
            if (line.Split(' ').Length != 2) throw new ModelSetException(path, $"line {lineNumber} is \"{line}\", expected two tokens separated by one space");
            merges.Add(line);
        }
        return merges;
    }

    /// <summary>The pad token named by special_tokens_map.json (a string or {"content": …}), or null when the file or entry is absent.</summary>
    public static string? ReadPadToken(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("pad_token", out var pad)) return null;
            return pad.ValueKind switch
            {
                JsonValueKind.String => pad.GetString(),
                JsonValueKind.Object when pad.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String => content.GetString(),
                _ => throw new ModelSetException(path, "'pad_token' must be a string or an object with a string 'content'"),
            };
        }
        catch (JsonException e) { throw new ModelSetException(path, $"not valid JSON ({e.Message})", e); }
    }

    private static string ReadText(string path, string what)
    {
        if (!File.Exists(path)) throw new ModelSetException(path, $"tokenizer {what} file not found");
        return File.ReadAllText(path);
    }
}
