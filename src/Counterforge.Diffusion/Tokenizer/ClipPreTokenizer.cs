using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Counterforge.Diffusion.Tokenizer;

/// <summary>
/// CLIP's pre-tokenization (the pattern of simple_tokenizer.py: the two special tokens, English contractions, runs of
/// letters, single digits, runs of anything else but whitespace) decided per Unicode code point. .NET's regex classes
/// look at UTF-16 units, so a letter or digit outside the Basic Multilingual Plane ("𝐀", "𝟘", "𠀀") would read as a
/// surrogate and join a punctuation run; Python's regex module reads it as the letter or digit it is.
/// </summary>
internal sealed class ClipPreTokenizer : PreTokenizer
{
    private static readonly string[] Specials = [ClipTokenizer.StartToken, ClipTokenizer.EndToken];
    // In the pattern's order: at one position the first that matches wins ("'re" before "'r…" letters).
    private static readonly string[] Contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => Split(text ?? "");

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text.ToString());

    internal static List<(int Offset, int Length)> Split(string text)
    {
        var pieces = new List<(int, int)>();
        int i = 0;
        while (i < text.Length)
        {
            var kind = KindAt(text, i, out int width);
            if (kind == CharKind.Space)
            {
                i += width;
                continue;
            }
            int length = MatchAt(text, i, kind, width);
            pieces.Add((i, length));
            i += length;
        }
        return pieces;
    }

    private static int MatchAt(string text, int start, CharKind kind, int width)
    {
        foreach (string fixedToken in Specials.Concat(Contractions))
            if (start + fixedToken.Length <= text.Length && string.Compare(text, start, fixedToken, 0, fixedToken.Length, StringComparison.OrdinalIgnoreCase) == 0)
                return fixedToken.Length;
        if (kind == CharKind.Number) return width; // digits one at a time
        int end = start + width;
        while (end < text.Length && KindAt(text, end, out int next) == kind) end += next;
        return end - start;
    }

    private enum CharKind { Space, Letter, Number, Other }

    private static CharKind KindAt(string text, int index, out int width)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out width) != OperationStatus.Done) return CharKind.Other; // a lone surrogate
        if (Rune.IsWhiteSpace(rune)) return CharKind.Space;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharKind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharKind.Number,
            _ => CharKind.Other,
        };
    }
}
