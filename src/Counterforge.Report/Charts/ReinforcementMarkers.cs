using Counterforge.Core.Reinforcement;
using ScottPlot;

namespace Counterforge.Report.Charts;

/// <summary>One marker shape per selection, the same in every chart, so a selection is recognised without its colour.</summary>
internal static class ReinforcementMarkers
{
    public static MarkerShape Of(string selection) => selection switch
    {
        ReinforcementRow.Selections.Targeted => MarkerShape.FilledCircle,
        ReinforcementRow.Selections.Random => MarkerShape.FilledSquare,
        ReinforcementRow.Selections.ExtraOriginals => MarkerShape.FilledTriangleUp,
        ReinforcementRow.Selections.Balanced => MarkerShape.FilledDiamond,
        _ => MarkerShape.Eks,
    };
}
