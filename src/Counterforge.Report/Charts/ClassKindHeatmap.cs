using Counterforge.Core.Pipeline;
using ScottPlot;

namespace Counterforge.Report.Charts;

/// <summary>Flip rate per class (rows) and edit kind (columns), each cell labelled: which classes lean on which attribute.</summary>
internal static class ClassKindHeatmap
{
    /// <summary>Past this many classes the cells would be too small to read; the table in the page still has them all.</summary>
    public const int MaxClasses = 40;

    public static bool CanRender(StressSummary stress) => stress.Classes.Count > 0;

    public static void Render(StressSummary stress, string path)
    {
        var kinds = stress.Classes.Select(c => c.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
        var allClasses = stress.Classes.Select(c => c.Class).Distinct().Order(StringComparer.Ordinal).ToList();
        var classes = allClasses.Take(MaxClasses).ToList();
        var cells = stress.Classes.ToDictionary(c => (c.Class, c.Kind));
        var intensities = new double[classes.Count, kinds.Count];
        for (int r = 0; r < classes.Count; r++)
            for (int c = 0; c < kinds.Count; c++)
                intensities[r, c] = cells.TryGetValue((classes[r], kinds[c]), out var cell) && cell.N > 0 ? ChartFile.Percent(cell.FlipRate) : double.NaN;

        string title = allClasses.Count > classes.Count ? $"Flip rate (%) by class and edit kind (first {classes.Count} of {allClasses.Count} classes)" : "Flip rate (%) by class and edit kind";
        var plot = ChartFile.New(title, "edit kind", "");
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 100);
        heatmap.NaNCellColor = Colors.White;
        // Row 0 at the top, as in the table; cell (r, c) is centred on x = c, y = rows − 1 − r.
        heatmap.Extent = new CoordinateRect(-0.5, kinds.Count - 0.5, -0.5, classes.Count - 0.5);
        for (int r = 0; r < classes.Count; r++)
            for (int c = 0; c < kinds.Count; c++)
            {
                if (double.IsNaN(intensities[r, c])) continue;
                var label = plot.Add.Text($"{intensities[r, c]:F0}", c, classes.Count - 1 - r);
                label.LabelFontName = ChartFont.Name;
                label.LabelFontSize = 13;
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontColor = intensities[r, c] > 60 ? Colors.Black : Colors.White;
            }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            kinds.Select((_, i) => (double)i).ToArray(), kinds.Select(k => ChartFile.Short(k, 14)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            classes.Select((_, i) => (double)(classes.Count - 1 - i)).ToArray(), classes.Select(c => ChartFile.Short(c)).ToArray());
        plot.Axes.SetLimits(-0.5, kinds.Count - 0.5, -0.5, classes.Count - 0.5);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "flip rate (%)";
        bar.LabelStyle.FontName = ChartFont.Name;
        ChartFile.Save(plot, path, ChartFile.Width, Math.Max(ChartFile.Height, 140 + 26 * classes.Count));
    }
}
