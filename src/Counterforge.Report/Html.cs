using System.Globalization;
using System.Net;

namespace Counterforge.Report;

/// <summary>Text into HTML: everything that comes from data (captions, words, class and file names, notes) goes through <see cref="E"/>.</summary>
internal static class Html
{
    /// <summary>HTML-escapes text for element content and quoted attribute values alike (&lt; &gt; &amp; &quot; &#39;).</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A fraction as a percentage with one decimal; "–" where there is no value.</summary>
    public static string P(double value) => double.IsNaN(value) ? "–" : (value * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";

    public static string P(double? value) => value is { } v ? P(v) : "–";

    /// <summary>A difference of two fractions in percentage points, signed.</summary>
    public static string Points(double after, double before) =>
        double.IsNaN(after) || double.IsNaN(before) ? "–" : ((after - before) * 100).ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture) + " points";

    public static string F(double value) => (Math.Abs(value) < 0.0005 ? 0 : value).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A p-value the way people read them: three significant digits, small ones in scientific notation.</summary>
    public static string PValue(double p) => p switch
    {
        double.NaN => "–",
        >= 0.001 => p.ToString("0.###", CultureInfo.InvariantCulture),
        < 1e-300 => "< 1e-300",
        _ => p.ToString("0.0e0", CultureInfo.InvariantCulture),
    };

    public static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A name that can stand in a file name (model tags come from the command line).</summary>
    public static string Slug(string text) =>
        string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')).Trim('.') is { Length: > 0 } slug ? slug : "model";
}
