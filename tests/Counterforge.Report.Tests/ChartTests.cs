using Counterforge.Report.Charts;
using Counterforge.Report.Tests.Fixtures;
using SkiaSharp;

namespace Counterforge.Report.Tests;

/// <summary>Charts carry their text: without a font of its own, ScottPlot on this SkiaSharp draws axes and bars and no letter at all.</summary>
public sealed class ChartTests(ReportedRun reported) : IClassFixture<ReportedRun>
{
    [Fact]
    public void The_embedded_font_has_every_glyph_the_charts_use()
    {
        using var font = new SKFont(ChartFont.Embedded);
        Assert.True(font.ContainsGlyphs("Flip rate (%) α → acc_cf K = 24 …"));
        Assert.Equal("DejaVu Sans", ChartFont.Embedded.FamilyName);
    }

    [Theory]
    [InlineData("flip-rates.png")]
    [InlineData("class-kind.png")]
    [InlineData("budget.png")]
    [InlineData("trade-off.png")]
    [InlineData("alpha-last-layer-targeted.png")]
    public void Every_chart_has_its_title_drawn(string file)
    {
        using var chart = SKBitmap.Decode(Path.Combine(reported.Made.Run.ReportDirectory, "pixels", file));
        Assert.Equal(ChartFile.Width, chart.Width);
        // The strip above the data area holds the title and nothing else: dark pixels there are letters.
        int dark = 0;
        for (int y = 4; y < 28; y++)
            for (int x = 0; x < chart.Width; x++)
                if (chart.GetPixel(x, y).Red < 100) dark++;
        Assert.InRange(dark, 150, 6000);
    }
}
