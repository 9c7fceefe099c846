using Counterforge.Core.Reinforcement;
using ScottPlot;

namespace Counterforge.Report.Charts;

/// <summary>acc_orig against acc_cf for every row: up is repaired, left is what the repair cost on originals.</summary>
internal static class TradeOffChart
{
    public static void Render(IReadOnlyList<ReinforcementRow> rows, string flaggedKinds, string path)
    {
        var plot = ChartFile.New("Accuracy on originals against accuracy on counterfactuals (test)", "acc_orig (%)", $"acc_cf on {ChartFile.Short(flaggedKinds, 30)} (%)");
        var legend = new List<LegendItem>();
        var series = rows.GroupBy(r => (r.Method, r.Selection)).OrderBy(g => g.Key.Method == ReinforcementRow.Methods.None ? 0 : 1)
            .ThenBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.Selection, StringComparer.Ordinal).ToList();
        int colour = 0;
        foreach (var group in series)
        {
            bool baseline = group.Key.Method == ReinforcementRow.Methods.None;
            var color = baseline ? Colors.Black : ChartFile.Palette.GetColor(colour++);
            var shape = baseline ? MarkerShape.FilledDiamond : ReinforcementMarkers.Of(group.Key.Selection);
            foreach (var row in group)
            {
                double x = ChartFile.Percent(row.AccOrig), y = ChartFile.Percent(row.AccCf);
                plot.Add.Marker(x, y, shape, baseline ? 14 : 10, color);
                if (baseline) continue;
                var label = plot.Add.Text($"K={row.K}", x, y);
                label.LabelFontName = ChartFont.Name;
                label.LabelFontSize = 9;
                label.LabelFontColor = color;
                label.OffsetX = 6;
                label.OffsetY = -4;
            }
            legend.Add(new LegendItem
            {
                LabelText = baseline ? "baseline (no reinforcement)" : $"{group.Key.Method}, {group.Key.Selection}",
                MarkerShape = shape, MarkerFillColor = color, MarkerLineColor = color, MarkerSize = 9, LineWidth = 0,
            });
        }
        var xs = rows.Select(r => ChartFile.Percent(r.AccOrig)).Where(v => !double.IsNaN(v)).DefaultIfEmpty(50).ToList();
        var ys = rows.Select(r => ChartFile.Percent(r.AccCf)).Where(v => !double.IsNaN(v)).DefaultIfEmpty(50).ToList();
        double xPad = Math.Max(2, (xs.Max() - xs.Min()) * 0.2), yPad = Math.Max(2, (ys.Max() - ys.Min()) * 0.2);
        plot.Axes.SetLimits(Math.Max(0, xs.Min() - xPad), Math.Min(100, xs.Max() + xPad), Math.Max(0, ys.Min() - yPad), Math.Min(100, ys.Max() + yPad));
        ChartFile.Legend(plot, [.. legend]);
        ChartFile.Save(plot, path, ChartFile.Width, ChartFile.HeightWithLegend);
    }
}
