using System.Text.Json;
using System.Text.RegularExpressions;

namespace Counterforge.Language.Perturbation;

/// <summary>One edited caption the LLM proposed, before any check of what it changes.</summary>
public sealed record Proposal(string Type, string Caption);

/// <summary>The LLM's whole answer was unusable (not JSON, wrong shape, too long); nothing in it is used.</summary>
public sealed class AnswerRejectedException(string reason) : Exception(reason);

/// <summary>
/// Strict reader of the perturber's answer, which must be exactly <c>{"edits":[{"type":T,"caption":C}, …]}</c>: no other
/// fields, no comments, no code fences, no trailing commas. A wrong shape rejects the whole answer; a proposal whose type
/// is unknown or whose caption is over-long or holds anything but words and light punctuation (markup, paths, URLs,
/// control characters) is dropped alone, with its reason. The answer is only ever read as data.
/// </summary>
public static partial class PerturbationAnswer
{
    public const int MaxAnswerLength = 16_384;

    private static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 };

    public static (IReadOnlyList<Proposal> Proposals, IReadOnlyList<(string Reason, string Detail)> Dropped) Parse(string answer, int maxProposals, int maxCaptionLength)
    {
        if (answer.Length > MaxAnswerLength) throw new AnswerRejectedException($"answer is {answer.Length} characters, more than {MaxAnswerLength}");
        JsonDocument document;
        try { document = JsonDocument.Parse(answer, Strict); }
        catch (JsonException e) { throw new AnswerRejectedException($"not strict JSON ({e.Message})"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new AnswerRejectedException($"expected a JSON object, got {root.ValueKind}");
            var edits = OnlyProperties(root, "the answer", "edits")["edits"];
            if (edits.ValueKind != JsonValueKind.Array) throw new AnswerRejectedException($"'edits' is {edits.ValueKind}, expected an array");
            if (edits.GetArrayLength() > maxProposals) throw new AnswerRejectedException($"{edits.GetArrayLength()} edits, more than the {maxProposals} asked for");

            var proposals = new List<Proposal>();
            var dropped = new List<(string, string)>();
            int index = 0;
            foreach (var item in edits.EnumerateArray())
            {
                string where = $"edits[{index++}]";
                if (item.ValueKind != JsonValueKind.Object) throw new AnswerRejectedException($"{where} is {item.ValueKind}, expected an object");
                var fields = OnlyProperties(item, where, "type", "caption");
                string type = Text(fields["type"], $"{where}.type");
                string caption = Text(fields["caption"], $"{where}.caption");
                var problem = !LanceEditTypes.All.Contains(type) ? $"{where}: unknown edit type '{LanguageRejection.Excerpt(type)}'"
                    : CaptionProblem(caption, maxCaptionLength) is { } p ? $"{where}: {p}"
                    : null;
                if (problem is null) proposals.Add(new Proposal(type, caption.Trim()));
                else dropped.Add((problem, LanguageRejection.Excerpt(caption)));
            }
            return (proposals, dropped);
        }
    }

    /// <summary>Why a caption (an LLM's or a captioner's) cannot be used as plain descriptive text, or null when it can.</summary>
    public static string? CaptionProblem(string caption, int maxLength)
    {
        if (caption.Length > maxLength) return $"caption is {caption.Length} characters, more than {maxLength}";
        if (string.IsNullOrWhiteSpace(caption)) return "caption is empty";
        if (caption.Any(char.IsControl)) return "caption holds control characters";
        if (!PlainText().IsMatch(caption)) return "caption holds characters other than letters, digits, spaces and , . ' - (markup, paths or URLs)";
        return null;
    }

    private static Dictionary<string, JsonElement> OnlyProperties(JsonElement element, string where, params string[] names)
    {
        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Contains(property.Name, StringComparer.Ordinal))
                throw new AnswerRejectedException($"{where} has an unexpected field '{LanguageRejection.Excerpt(property.Name)}'");
            if (!found.TryAdd(property.Name, property.Value)) throw new AnswerRejectedException($"{where} repeats field '{property.Name}'");
        }
        var missing = names.FirstOrDefault(n => !found.ContainsKey(n));
        if (missing is not null) throw new AnswerRejectedException($"{where} lacks field '{missing}'");
        return found;
    }

    private static string Text(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new AnswerRejectedException($"{where} is {value.ValueKind}, expected a string");

    [GeneratedRegex(@"^[\p{L}\p{N} ,.'’\-]+$")]
    private static partial Regex PlainText();
}
