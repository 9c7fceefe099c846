using System.Text.RegularExpressions;
using Counterforge.Language.Perturbation;

namespace Counterforge.Language.Captioning;

/// <summary>
/// Turns a captioner's raw text into the caption the perturber edits: one line, collapsed spaces, no final full stop,
/// lower-case start, and (when configured, as LANCE does) "a photo of …" in front. Text that is not plain words is refused.
/// </summary>
public static partial class CaptionText
{
    public const string PhotoPrefix = "a photo of ";
    public const int MaxLength = 200;

    public static string Finish(string raw, bool photoPrefix, string where)
    {
        var text = Spaces().Replace(raw, " ").Trim().TrimEnd('.').Trim();
        if (text.Length > 0) text = char.ToLowerInvariant(text[0]) + text[1..];
        if (photoPrefix && !text.StartsWith(PhotoPrefix, StringComparison.Ordinal)) text = PhotoPrefix + text;
        if (PerturbationAnswer.CaptionProblem(text, MaxLength) is { } problem)
            throw new InvalidDataException($"{where}: caption refused: {problem} [{LanguageRejection.Excerpt(raw)}]");
        return text;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
