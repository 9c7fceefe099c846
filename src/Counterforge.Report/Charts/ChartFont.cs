using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace Counterforge.Report.Charts;

/// <summary>
/// The one font every chart draws its text with: DejaVu Sans, embedded in this assembly. The SkiaSharp build the tool ships
/// has no font manager, so without a font it brings along ScottPlot silently renders charts with no text at all, on every
/// machine. The name is our own so that no installed font can stand in for it unnoticed.
/// </summary>
internal static class ChartFont
{
    public const string Name = "Counterforge DejaVu Sans";

    private static readonly Lazy<SKTypeface> Typeface = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Counterforge.Report.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The chart font is missing from Counterforge.Report's resources.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("The embedded chart font could not be read.");
    });

    private static readonly Lazy<bool> Registered = new(() =>
    {
        Fonts.FontResolvers.Insert(0, new Resolver());
        return true;
    });

    /// <summary>Makes <see cref="Name"/> resolvable by ScottPlot (once per process) and sets it on every text of the plot.</summary>
    public static void Apply(Plot plot)
    {
        _ = Registered.Value;
        plot.Font.Set(Name);
    }

    /// <summary>The embedded typeface, for checks that it has the glyphs the charts use.</summary>
    public static SKTypeface Embedded => Typeface.Value;

    /// <summary>Bold and italic requests get the regular face: one file keeps the assembly small, and the charts need no other.</summary>
    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == Name ? Typeface.Value : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName == Name ? Typeface.Value : null;
    }
}
