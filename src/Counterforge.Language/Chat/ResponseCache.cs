using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Counterforge.Core.Runs;
using Microsoft.Extensions.AI;

namespace Counterforge.Language.Chat;

/// <summary>
/// Chat answers on disk, one file per request, named by the SHA-256 of (server, model, settings, messages); images count by
/// the hash of their bytes. Files are written atomically, so a killed run leaves either a whole answer or none, and a
/// re-run with the same requests reaches no server. An unreadable entry is treated as missing and rewritten.
/// </summary>
internal sealed class ResponseCache(string directory)
{
    private sealed record Entry(string Key, string Text, bool Truncated);

    public static string KeyOf(ChatEndpointOptions options, IReadOnlyList<ChatMessage> messages, bool jsonAnswer)
    {
        var material = new StringBuilder()
            .Append("url=").Append(options.BaseUrl.AbsoluteUri)
            .Append("\nmodel=").Append(options.Model)
            .Append("\ntemperature=").Append(options.Temperature.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
            .Append("\nseed=").Append(options.Seed)
            .Append("\nmax_tokens=").Append(options.MaxOutputTokens)
            .Append("\njson=").Append(jsonAnswer);
        foreach (var message in messages)
        {
            material.Append("\n#").Append(message.Role.Value);
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text: material.Append("\ntext:").Append(JsonSerializer.Serialize(text.Text)); break;
                    case DataContent data: material.Append("\ndata:").Append(data.MediaType).Append(':').Append(Convert.ToHexString(SHA256.HashData(data.Data.Span))); break;
                    default: throw new ArgumentException($"Cannot cache a message part of type {content.GetType().Name}.");
                }
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material.ToString()))).ToLowerInvariant();
    }

    public ChatAnswer? TryRead(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllText(path), Json.Line);
            return entry is not null && entry.Key == key ? new ChatAnswer(entry.Text, entry.Truncated) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string key, ChatAnswer answer) =>
        AtomicFile.WriteAllText(PathOf(key), JsonSerializer.Serialize(new Entry(key, answer.Text, answer.Truncated), Json.Line));

    private string PathOf(string key) => Path.Combine(directory, key[..2], key + ".json");
}
