namespace Counterforge.Language;

/// <summary>
/// Something a language backend threw away (an LLM answer, one proposed edit, a caption, a request that kept failing),
/// with the reason a user can act on. <see cref="Detail"/> is the offending text, shortened and with control characters
/// escaped, so a log line can never be hijacked by it.
/// </summary>
/// <param name="Stage">perturb, caption or chat.</param>
/// <param name="Subject">What was being processed: a sample id or a request description.</param>
public sealed record LanguageRejection(string Stage, string Subject, string Reason, string? Detail = null)
{
    public const int MaxDetailLength = 160;

    public static string Excerpt(string text)
    {
        var escaped = Escape(text);
        return escaped.Length <= MaxDetailLength ? escaped : escaped[..MaxDetailLength] + "…";
    }

    /// <summary>Control characters (line breaks, terminal escapes) written as \uXXXX.</summary>
    public static string Escape(string text) => string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    /// <summary>One log line: the subject (a sample id, which is data) is escaped like the detail, so neither can forge a line.</summary>
    public override string ToString() => $"{Stage} {Escape(Subject)}: {Escape(Reason)}" + (Detail is null ? "" : $" [{Excerpt(Detail)}]");
}
