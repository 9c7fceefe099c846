using Counterforge.Core.Runs;
using ScottPlot;

namespace Counterforge.Report.Charts;

/// <summary>How every chart is drawn and saved: the embedded font, one palette, PNG written atomically beside the page.</summary>
internal static class ChartFile
{
    public const int Width = 640;
    public const int Height = 380;

    /// <summary>Colours by series, the same order in every chart (Tableau 10: distinguishable, also in grey print).</summary>
    public static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    public static readonly Color Weak = Color.FromHex("#d62728");
    public static readonly Color Neutral = Color.FromHex("#7f9bbf");
    public static readonly Color Control = Color.FromHex("#2ca02c");

    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        ChartFont.Apply(plot);
        // Sizes for a chart shown at about three quarters of its pixels, two side by side on a laptop screen.
        plot.Title(title, 17);
        plot.XLabel(xLabel, 15);
        plot.YLabel(yLabel, 15);
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Bottom, plot.Axes.Left }) axis.TickLabelStyle.FontSize = 13;
        return plot;
    }

    public static void Save(Plot plot, string path, int width = Width, int height = Height) =>
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));

    /// <summary>Category names on an axis: long names (class names come from folder names) are cut, never dropped.</summary>
    public static string Short(string text, int length = 22) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>Height of a chart with its legend below the data area (a legend inside would cover lines and points).</summary>
    public const int HeightWithLegend = 470;

    /// <summary>A legend of the given items only, below the data area, in the chart font (ScottPlot would otherwise pick a "best" font per render).</summary>
    public static void Legend(Plot plot, params LegendItem[] items)
    {
        plot.Legend.SetBestFontOnEachRender = false;
        plot.Legend.FontName = ChartFont.Name;
        plot.Legend.FontSize = 13;
        plot.Legend.ManualItems.AddRange(items);
        plot.Legend.DisplayPlottableLegendItems = false;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
    }

    public static LegendItem Swatch(string text, Color color) => new() { LabelText = text, FillColor = color };

    public static LegendItem Line(string text, Color color, LinePattern pattern, MarkerShape marker = MarkerShape.None) => new()
    {
        LabelText = text, LineColor = color, LineWidth = 2, LinePattern = pattern, MarkerShape = marker, MarkerFillColor = color, MarkerLineColor = color, MarkerSize = 8,
    };

    public static double Percent(double fraction) => double.IsNaN(fraction) ? double.NaN : fraction * 100;
}
