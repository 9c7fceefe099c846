using Counterforge.Core.Classification;
using Counterforge.Core.Reinforcement;

namespace Counterforge.Core.Tests;

public class LastLayerReinforcementTests
{
    [Fact]
    public void Alpha_is_the_best_on_counterfactuals_among_those_that_keep_original_accuracy()
    {
        // Fake validation: counterfactual accuracy rises with α, original accuracy falls past α = 0.6.
        var original = LinearHead.Zeros(2, 1);
        var x = new List<float[]> { new[] { 1f }, new[] { -1f } };
        double AlphaOf(LinearHead head) => Math.Round(head.Weight[0] / FreshWeight(x), 1);
        var result = LastLayerReinforcement.Fit(original, x, [0, 1], [], [], 0.5,
            head => { double a = AlphaOf(head); return (a <= 0.6 ? 0.9 : 0.8, a); }, penalties: [1e-3]);
        Assert.Equal(0.6, result.Alpha, 6);
        Assert.Equal(11, result.Sweep.Count);
    }

    private static double FreshWeight(List<float[]> x) => HeadTrainer.Fit(x, [0, 1], 2, new HeadFitOptions(L2: 1e-3)).Weight[0];

    [Fact]
    public void Gap_closed_is_relative_to_the_original_gap()
    {
        Assert.Equal(0.8, ReinforcementRow.GapClosedOf(accCfAfter: 0.82, accCfBefore: 0.50, accOrigBefore: 0.90), 9);
        Assert.Equal(0, ReinforcementRow.GapClosedOf(0.9, 0.9, 0.9));
    }
}
