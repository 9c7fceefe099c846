using Counterforge.Core.Reinforcement;
using ScottPlot;

namespace Counterforge.Report.Charts;

/// <summary>
/// How α was chosen for one method and selection: validation acc_orig (solid) and acc_cf (dashed) against α, one colour per
/// budget, the chosen α ringed. For last-layer rows only the curve at the chosen L2 penalty is drawn (the one α came from).
/// </summary>
internal static class AlphaSweepChart
{
    public static void Render(string method, string selection, IReadOnlyList<ReinforcementRow> rows, string path)
    {
        var plot = ChartFile.New($"α sweep on validation: {method}, {selection}", "α (0 = baseline, 1 = fully reinforced)", "validation accuracy (%)");
        var legend = new List<LegendItem>();
        foreach (var (row, i) in rows.Where(r => r.Sweep is { Count: > 0 }).Select((r, i) => (r, i)))
        {
            var color = ChartFile.Palette.GetColor(i);
            var curve = row.Sweep!.Where(p => row.L2 is not { } l2 || p.L2 == l2 || p.Alpha == 0).GroupBy(p => p.Alpha).Select(g => g.First()).OrderBy(p => p.Alpha).ToList();
            var alphas = curve.Select(p => p.Alpha).ToArray();
            var orig = plot.Add.Scatter(alphas, curve.Select(p => ChartFile.Percent(p.ValAccOrig)).ToArray(), color);
            orig.LineWidth = 2;
            orig.MarkerSize = 5;
            var cf = plot.Add.Scatter(alphas, curve.Select(p => ChartFile.Percent(p.ValAccCf)).ToArray(), color);
            cf.LineWidth = 2;
            cf.LinePattern = LinePattern.Dashed;
            cf.MarkerSize = 5;
            if (row.Alpha is { } chosen && curve.FirstOrDefault(p => p.Alpha == chosen) is { } point)
            {
                plot.Add.Marker(chosen, ChartFile.Percent(point.ValAccOrig), MarkerShape.OpenCircle, 16, color);
                plot.Add.Marker(chosen, ChartFile.Percent(point.ValAccCf), MarkerShape.OpenCircle, 16, color);
            }
            string chosenText = row.Alpha is { } a ? $", chosen α = {a:0.##}" : "";
            legend.Add(ChartFile.Line($"K = {row.K} acc_orig{chosenText}", color, LinePattern.Solid));
            legend.Add(ChartFile.Line($"K = {row.K} acc_cf", color, LinePattern.Dashed));
        }
        var chosenMark = ChartFile.Line("chosen α", Colors.Gray, LinePattern.Solid, MarkerShape.OpenCircle);
        chosenMark.LineWidth = 0;
        legend.Add(chosenMark);
        plot.Axes.SetLimitsX(-0.03, 1.03);
        ChartFile.Legend(plot, [.. legend]);
        ChartFile.Save(plot, path, ChartFile.Width, ChartFile.HeightWithLegend);
    }
}
