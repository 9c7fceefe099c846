using System.Text;

namespace Counterforge.Core.Data.Loading;

/// <summary>One CSV record: its 1-based starting line and its fields, or the reason it could not be read.</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error);

/// <summary>
/// RFC 4180 CSV read strictly: comma-separated, fields optionally in double quotes ("" is a quote inside them, line breaks
/// allowed), LF or CRLF line ends, a leading BOM ignored, empty lines skipped. A malformed record is returned with an error
/// and reading goes on at the next line, so one bad line costs one record.
/// </summary>
internal static class CsvReader
{
    public static IEnumerable<CsvRecord> Read(string text)
    {
        if (text.StartsWith('\uFEFF')) text = text[1..];
        int position = 0, line = 1;
        while (position < text.Length)
        {
            int start = line;
            var (fields, error) = ReadRecord(text, ref position, ref line);
            if (error is not null) SkipToLineEnd(text, ref position, ref line);
            if (error is null && fields.Count == 1 && fields[0].Length == 0) continue;
            yield return new CsvRecord(start, fields, error);
        }
    }

    private static (List<string> Fields, string? Error) ReadRecord(string text, ref int position, ref int line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        while (true)
        {
            field.Clear();
            if (position < text.Length && text[position] == '"')
            {
                position++;
                while (true)
                {
                    if (position >= text.Length) return (fields, "a quoted field is not closed before the end of the file");
                    char c = text[position++];
                    if (c == '"')
                    {
                        if (position < text.Length && text[position] == '"') { field.Append('"'); position++; continue; }
                        break;
                    }
                    if (c == '\n') line++;
                    field.Append(c);
                }
                if (position < text.Length && text[position] is not (',' or '\n' or '\r'))
                    return (fields, $"unexpected '{text[position]}' after the closing quote of field {fields.Count + 1}");
            }
            else
            {
                while (position < text.Length && text[position] is not (',' or '\n' or '\r'))
                {
                    if (text[position] == '"') return (fields, $"a quote inside unquoted field {fields.Count + 1} (quote the whole field and double the quote)");
                    field.Append(text[position++]);
                }
            }
            fields.Add(field.ToString());
            if (position >= text.Length) return (fields, null);
            char end = text[position++];
            if (end == ',') continue;
            if (end == '\r')
            {
                if (position < text.Length && text[position] == '\n') position++;
                else return (fields, "a carriage return not followed by a line feed");
            }
            line++;
            return (fields, null);
        }
    }

    private static void SkipToLineEnd(string text, ref int position, ref int line)
    {
        while (position < text.Length && text[position] != '\n') position++;
        if (position < text.Length) { position++; line++; }
    }
}
