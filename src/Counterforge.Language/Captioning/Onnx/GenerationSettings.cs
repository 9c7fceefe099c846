using System.Text.Json;

namespace Counterforge.Language.Captioning.Onnx;

/// <summary>
/// Token ids and search settings of a vision-encoder-decoder export, from generation_config.json, falling back to
/// config.json and its "decoder" section (older exports keep them there).
/// </summary>
/// <param name="MaxLength">Hugging Face's max_length: the decoder start token plus at most MaxLength − 1 generated tokens.</param>
public sealed record GenerationSettings(long DecoderStartId, long EosId, IReadOnlySet<long> SpecialIds, int MaxLength, int NumBeams, double LengthPenalty)
{
    public static GenerationSettings Read(string directory)
    {
        var generationPath = Path.Combine(directory, "generation_config.json");
        var configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(configPath)) throw new InvalidDataException($"{configPath}: the model configuration is missing.");
        var sources = new List<(string Path, JsonElement Json)>();
        foreach (var path in new[] { generationPath, configPath })
        {
            if (!File.Exists(path)) continue;
            try
            {
                var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
                sources.Add((path, root));
                if (root.TryGetProperty("decoder", out var decoder) && decoder.ValueKind == JsonValueKind.Object) sources.Add((path + " (decoder)", decoder));
            }
            catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
        }

        long? Id(string name) => sources.Select(s => s.Json.TryGetProperty(name, out var v) ? FirstId(v, s.Path, name) : null).FirstOrDefault(v => v is not null);
        double? Number(string name) => sources.Select(s => s.Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null)
                                              .FirstOrDefault(v => v is not null);

        long start = Id("decoder_start_token_id") ?? Id("bos_token_id")
            ?? throw new InvalidDataException($"{generationPath} / {configPath}: no decoder_start_token_id or bos_token_id.");
        long eos = Id("eos_token_id") ?? throw new InvalidDataException($"{generationPath} / {configPath}: no eos_token_id.");
        var special = new HashSet<long> { start, eos };
        foreach (var name in new[] { "bos_token_id", "pad_token_id" }) if (Id(name) is long id) special.Add(id);
        int maxLength = (int)(Number("max_length") ?? 20);
        int beams = (int)(Number("num_beams") ?? 1);
        double penalty = Number("length_penalty") ?? 1.0;
        if (maxLength < 2 || beams < 1) throw new InvalidDataException($"{generationPath}: max_length {maxLength} must be at least 2 and num_beams {beams} at least 1.");
        return new GenerationSettings(start, eos, special, maxLength, beams, penalty);
    }

    private static long? FirstId(JsonElement value, string path, string name) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetInt64(),
        JsonValueKind.Array when value.GetArrayLength() > 0 => value[0].GetInt64(),
        JsonValueKind.Null => null,
        _ => throw new InvalidDataException($"{path}: '{name}' is {value.ValueKind}, expected a token id."),
    };
}
