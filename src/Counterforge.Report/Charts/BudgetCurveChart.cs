using Counterforge.Core.Reinforcement;
using ScottPlot;

namespace Counterforge.Report.Charts;

/// <summary>Gap closed against the budget K, one line per method and selection, each point with its 95 % bootstrap interval: what each extra image buys, baselines beside the method.</summary>
internal static class BudgetCurveChart
{
    public static void Render(IReadOnlyList<ReinforcementRow> rows, string path)
    {
        var plot = ChartFile.New("Gap closed against the budget K (test)", "K (added images)", "gap closed (%)");
        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dotted);
        var legend = new List<LegendItem> { ChartFile.Line("no reinforcement (0 %)", Colors.Gray, LinePattern.Dotted) };
        var series = rows.Where(r => r.K > 0).GroupBy(r => (r.Method, r.Selection)).OrderBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.Selection, StringComparer.Ordinal).ToList();
        foreach (var (group, i) in series.Select((g, i) => (g, i)))
        {
            var color = ChartFile.Palette.GetColor(i);
            var points = group.OrderBy(r => r.K).ToList();
            var shape = ReinforcementMarkers.Of(group.Key.Selection);
            var line = plot.Add.Scatter(points.Select(r => (double)r.K).ToArray(), points.Select(r => ChartFile.Percent(r.GapClosed)).ToArray(), color);
            line.LineWidth = 2;
            line.MarkerShape = shape;
            line.MarkerSize = 9;
            line.LinePattern = group.Key.Method == ReinforcementRow.Methods.Full ? LinePattern.Dashed : LinePattern.Solid;
            var withInterval = points.Where(r => r.GapClosedCi is { Low: var low } && !double.IsNaN(low)).ToList();
            if (withInterval.Count > 0)
            {
                var bars = new ScottPlot.Plottables.ErrorBar(
                    withInterval.Select(r => (double)r.K).ToList(), withInterval.Select(r => ChartFile.Percent(r.GapClosed)).ToList(), null, null,
                    withInterval.Select(r => ChartFile.Percent(r.GapClosedCi!.High - r.GapClosed)).ToList(),
                    withInterval.Select(r => ChartFile.Percent(r.GapClosed - r.GapClosedCi!.Low)).ToList()) { Color = color };
                plot.Add.Plottable(bars);
            }
            legend.Add(ChartFile.Line($"{group.Key.Method}, {group.Key.Selection}", color, line.LinePattern, shape));
        }
        var ks = rows.Where(r => r.K > 0).Select(r => (double)r.K).Distinct().Order().DefaultIfEmpty(1).ToList();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ks.ToArray(), ks.Select(k => k.ToString("0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        double span = Math.Max(1, ks.Max() - ks.Min());
        plot.Axes.SetLimitsX(ks.Min() - 0.15 * span, ks.Max() + 0.15 * span);
        ChartFile.Legend(plot, [.. legend]);
        ChartFile.Save(plot, path, ChartFile.Width, ChartFile.HeightWithLegend);
    }
}
