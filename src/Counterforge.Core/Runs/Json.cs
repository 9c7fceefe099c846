using System.Text.Json;
using System.Text.Json.Serialization;

namespace Counterforge.Core.Runs;

public static class Json
{
    /// <summary>One line per record (JSONL), snake_case names so other tools read them naturally.</summary>
    public static readonly JsonSerializerOptions Line = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static readonly JsonSerializerOptions Indented = new(Line) { WriteIndented = true };

    public static string Serialize<T>(T value, bool indented = false) => JsonSerializer.Serialize(value, indented ? Indented : Line);

    public static T Deserialize<T>(string text, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, Line) ?? throw new InvalidDataException($"{where}: expected a JSON value, got null.");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" (field {e.Path})";
            throw new InvalidDataException($"{where}{field}: {e.Message}", e);
        }
    }

    public static T ReadFile<T>(string path) => Deserialize<T>(File.ReadAllText(path), path);

    public static void WriteFile<T>(string path, T value) => AtomicFile.WriteAllText(path, Serialize(value, indented: true) + "\n");
}
