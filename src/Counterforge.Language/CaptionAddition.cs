using System.Text.RegularExpressions;
using Counterforge.Core.Data.Loading;

namespace Counterforge.Language;

/// <summary>Puts a phrase into a caption that states no value of its kind, keeping the sentence well formed.</summary>
internal static partial class CaptionAddition
{
    /// <returns>The new caption, or null when the placement needs a class word the caption does not contain.</returns>
    public static string? Add(string caption, string phrase, AddPlacement placement, IReadOnlyList<(int Start, int End)> classSpans)
    {
        switch (placement)
        {
            case AddPlacement.End:
                var body = caption.TrimEnd();
                var stop = body.EndsWith('.') ? "." : "";
                return $"{body[..^stop.Length].TrimEnd()} {phrase}{stop}";
            case AddPlacement.BeforeClass:
                if (classSpans.Count == 0) return null;
                int at = classSpans[0].Start;
                var before = FixArticle(caption[..at], phrase);
                return before + phrase + " " + caption[at..];
            default:
                throw new ArgumentOutOfRangeException(nameof(placement), placement, "Unknown placement.");
        }
    }

    /// <summary>"a" / "an" right before the insertion point agrees with the inserted word ("an apple" → "a red apple").</summary>
    private static string FixArticle(string before, string inserted)
    {
        var match = TrailingArticle().Match(before);
        if (!match.Success) return before;
        var article = Article.For(inserted);
        var group = match.Groups["article"];
        if (char.IsUpper(group.Value[0])) article = char.ToUpperInvariant(article[0]) + article[1..];
        return before[..group.Index] + article + before[(group.Index + group.Length)..];
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<article>[Aa]n?)\s+$")]
    private static partial Regex TrailingArticle();
}
