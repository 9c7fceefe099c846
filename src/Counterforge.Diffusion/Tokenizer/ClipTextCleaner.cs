using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Counterforge.Diffusion.Tokenizer;

/// <summary>
/// What CLIP does to a caption before splitting it: html entities decoded twice, runs of whitespace to one space,
/// trimmed, then lower-cased the way Python's str.lower() does it — the full Unicode mapping, in which "İ" becomes
/// "i" + a combining dot and a capital sigma at the end of a word becomes "ς", where .NET's invariant lower-casing
/// maps one character to one. Not reproduced: ftfy's repairs (mojibake, curly quotes, ligatures, full-width forms;
/// captions here are plain text), and html entities beyond HTML 4's (Python decodes all of HTML 5's, upper-case
/// variants such as "&amp;AMP;" and a few without their semicolon).
/// </summary>
internal static partial class ClipTextCleaner
{
    private const char CapitalSigma = 'Σ', FinalSigma = 'ς';

    public static string Clean(string caption)
    {
        string text = Whitespace().Replace(WebUtility.HtmlDecode(WebUtility.HtmlDecode(caption)), " ").Trim();
        return Lower(text);
    }

    /// <summary>Python's str.lower().</summary>
    internal static string Lower(string text)
    {
        string lower = text.ToLowerInvariant();
        if (!text.Contains('İ') && !text.Contains(CapitalSigma)) return lower;
        var result = new StringBuilder(text.Length + 4);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == 'İ') result.Append("i\u0307"); // SpecialCasing.txt's one unconditional one-to-many lower-casing
            else if (text[i] == CapitalSigma && IsFinal(text, i)) result.Append(FinalSigma);
            else result.Append(lower[i]); // invariant lower-casing maps UTF-16 unit to unit, so indices line up
        }
        return result.ToString();
    }

    /// <summary>Unicode's Final_Sigma condition: a cased letter before (past case-ignorable ones) and none after.</summary>
    private static bool IsFinal(string text, int index)
    {
        int before = index - 1;
        while (before >= 0 && IsCaseIgnorable(text[before])) before--;
        if (before < 0 || !IsCased(text[before])) return false;
        int after = index + 1;
        while (after < text.Length && IsCaseIgnorable(text[after])) after++;
        return after == text.Length || !IsCased(text[after]);
    }

    private static bool IsCased(char c) => char.IsUpper(c) || char.IsLower(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(char c) => c is '\'' or '.' or ':' or '·' or '\u2019' || char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark or
        System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.ModifierLetter or
        System.Globalization.UnicodeCategory.ModifierSymbol;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
