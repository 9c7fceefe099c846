using Counterforge.Core.Reinforcement;
using Rows = Counterforge.Core.Reinforcement.ReinforcementRow;

namespace Counterforge.Core.Tests;

/// <summary>The trade-off a user states (--max-orig-drop) and the one the run shows (the Pareto front of its blends).</summary>
public class TradeOffTests
{
    // A shortcut stronger than the subject: every step towards counterfactuals costs originals.
    private static readonly IReadOnlyList<AlphaPoint> Costly =
    [
        new(0, 0, 0.95, 0.10), new(0, 0.25, 0.945, 0.30), new(0, 0.5, 0.90, 0.55), new(0, 0.75, 0.80, 0.70), new(0, 1, 0.70, 0.72),
    ];

    [Fact]
    public void The_accepted_drop_decides_how_far_the_blend_goes()
    {
        Assert.Equal(0.25, BlendChoice.Pick(Costly, 0.95).Alpha); // the default, one point
        Assert.Equal(0.5, BlendChoice.Pick(Costly, 0.95, maxOriginalDrop: 0.05).Alpha);
        Assert.Equal(1.0, BlendChoice.Pick(Costly, 0.95, maxOriginalDrop: 0.30).Alpha);
        Assert.Equal(0.0, BlendChoice.Pick(Costly, 0.95, maxOriginalDrop: 0).Alpha);
    }

    [Fact]
    public void The_front_keeps_the_blends_nothing_beats_on_both_and_marks_each_rows_choice()
    {
        var full = new Rows(Rows.Methods.Full, Rows.Selections.Targeted, 30, 0.9, 0.5, 0.5, Alpha: 0.5, Sweep: Costly);
        var lastLayer = new Rows(Rows.Methods.LastLayer, Rows.Selections.Targeted, 30, 0.9, 0.2, 0.1, Alpha: 0.5, L2: 0.01,
            Sweep: [new(0.01, 0, 0.95, 0.10), new(0.01, 0.5, 0.93, 0.20), new(0.1, 0.5, 0.94, 0.35), new(0.01, 1, 0.85, 0.50)]);
        var front = ParetoFront.Of([new Rows(Rows.Methods.None, Rows.Selections.None, 0, 0.9, 0.1, 0), full, lastLayer]);

        Assert.Equal([(0.95, 0.10), (0.945, 0.30), (0.94, 0.35), (0.90, 0.55), (0.80, 0.70), (0.70, 0.72)],
            front.Select(p => (p.ValAccOrig, p.ValAccCf)));
        Assert.DoesNotContain(front, p => p is { ValAccOrig: 0.93 } or { ValAccOrig: 0.85 }); // beaten on both
        var chosen = front.Where(p => p.Chosen).ToList();
        Assert.Equal([(Rows.Methods.Full, 0.5)], chosen.Select(p => (p.Method, p.Alpha)));  // last layer chose L2 0.01 at α 0.5, which is beaten
        Assert.Equal(0.1, front.Single(p => p.ValAccOrig == 0.94).L2);
    }
}
