using Counterforge.Core.Pipeline;
using ScottPlot;

namespace Counterforge.Report.Charts;

/// <summary>Flip rate per edit kind with its 95 % Wilson interval, against the null edit's band: a weakness stands clear of the band.</summary>
internal static class FlipRateChart
{
    public static void Render(StressSummary stress, string path)
    {
        var plot = ChartFile.New($"Flip rate per edit kind ({stress.Split}), 95 % intervals", "edit kind", "flip rate (%)");
        var control = stress.NullEdit;
        plot.Add.VerticalSpan(ChartFile.Percent(control.CiLow), ChartFile.Percent(control.CiHigh), ChartFile.Control.WithAlpha(0.18));
        plot.Add.HorizontalLine(ChartFile.Percent(control.FlipRate), 1.5f, ChartFile.Control, LinePattern.Dashed);

        var kinds = stress.Kinds;
        var bars = kinds.Select((k, i) => new Bar
        {
            Position = i,
            Value = ChartFile.Percent(k.FlipRate),
            FillColor = k.Weakness ? ChartFile.Weak : ChartFile.Neutral,
            Size = 0.6,
        }).ToArray();
        plot.Add.Bars(bars);
        var noXError = kinds.Select(_ => 0.0).ToList();
        var errors = new ScottPlot.Plottables.ErrorBar(
            kinds.Select((_, i) => (double)i).ToList(), kinds.Select(k => ChartFile.Percent(k.FlipRate)).ToList(),
            noXError, noXError,
            kinds.Select(k => ChartFile.Percent(k.CiHigh - k.FlipRate)).ToList(), kinds.Select(k => ChartFile.Percent(k.FlipRate - k.CiLow)).ToList())
        {
            Color = Colors.Black,
            LineWidth = 1.5f,
        };
        plot.Add.Plottable(errors);
        // Each value above its interval, where neither the bar nor the error bar can cover it.
        for (int i = 0; i < kinds.Count; i++)
        {
            var value = plot.Add.Text($"{ChartFile.Percent(kinds[i].FlipRate):F1} %", i, ChartFile.Percent(kinds[i].CiHigh));
            value.LabelFontName = ChartFont.Name;
            value.LabelFontSize = 12;
            value.LabelAlignment = Alignment.LowerCenter;
            value.OffsetY = -4;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            kinds.Select((_, i) => (double)i).ToArray(), kinds.Select(k => ChartFile.Short(k.Kind, 14)).ToArray());
        plot.Axes.SetLimits(-0.6, Math.Max(1, kinds.Count) - 0.4, 0, Math.Min(100, Math.Max(10, kinds.Select(k => ChartFile.Percent(k.CiHigh)).DefaultIfEmpty(0).Max() * 1.15)));
        ChartFile.Legend(plot,
            ChartFile.Swatch("flagged as a weakness", ChartFile.Weak),
            ChartFile.Swatch("not flagged", ChartFile.Neutral),
            ChartFile.Swatch($"null edit: {ChartFile.Percent(control.FlipRate):F1} % [{ChartFile.Percent(control.CiLow):F1}, {ChartFile.Percent(control.CiHigh):F1}], n = {control.N}",
                ChartFile.Control.WithAlpha(0.35)));
        ChartFile.Save(plot, path, ChartFile.Width, ChartFile.HeightWithLegend);
    }
}
