using Counterforge.Core.Reinforcement;

namespace Counterforge.Core.Tests;

/// <summary>Which blend validation picks when its counterfactual accuracies are a few hundred images' worth of evidence.</summary>
public class BlendChoiceTests
{
    // Seed 3 of the generative demo (docs/generative.md, section 5): 217 generated validation counterfactuals, the peak at
    // α = 0.5 and 0.75, α = 1 two images lower.
    private static readonly IReadOnlyList<AlphaPoint> Flat =
    [
        new(0, 0, 0.97, 0.8295), new(0, 0.25, 0.98, 0.9032), new(0, 0.5, 0.98, 0.9401), new(0, 0.75, 0.98, 0.9401), new(0, 1, 0.98, 0.9309),
    ];

    [Fact]
    public void Blends_validation_cannot_tell_apart_go_to_the_stronger_repair()
    {
        Assert.Equal(1.0, BlendChoice.Pick(Flat, 0.97, counterfactualCount: 217).Alpha);
    }

    [Fact]
    public void With_enough_counterfactuals_the_band_narrows_to_the_best_and_its_ties()
    {
        Assert.Equal(0.75, BlendChoice.Pick(Flat, 0.97, counterfactualCount: 100_000).Alpha);
    }

    [Fact]
    public void A_smaller_alpha_that_is_clearly_better_on_counterfactuals_is_kept()
    {
        IReadOnlyList<AlphaPoint> overshoot = [new(0, 0, 0.95, 0.60), new(0, 0.5, 0.95, 0.90), new(0, 1, 0.95, 0.80)];
        Assert.Equal(0.5, BlendChoice.Pick(overshoot, 0.95, counterfactualCount: 200).Alpha);
    }

    [Fact]
    public void The_band_never_admits_a_blend_that_costs_originals_beyond_the_accepted_drop()
    {
        IReadOnlyList<AlphaPoint> costly = [new(0, 0, 0.95, 0.60), new(0, 0.5, 0.95, 0.90), new(0, 1, 0.90, 0.91)];
        Assert.Equal(0.5, BlendChoice.Pick(costly, 0.95, counterfactualCount: 200).Alpha);
    }

    [Fact]
    public void Without_validation_counterfactuals_the_original_model_is_kept()
    {
        IReadOnlyList<AlphaPoint> blind = [new(0, 0, 0.95, 0), new(0, 0.5, 0.95, 0), new(0, 1, 0.95, 0)];
        Assert.Equal(0.0, BlendChoice.Pick(blind, 0.95, counterfactualCount: 0).Alpha);
    }

    [Fact]
    public void At_the_chosen_alpha_the_better_penalty_wins_then_the_stronger()
    {
        IReadOnlyList<AlphaPoint> penalties = [new(0.01, 0, 0.95, 0.6), new(0.01, 1, 0.95, 0.85), new(0.1, 1, 0.95, 0.87), new(1, 1, 0.95, 0.87)];
        var chosen = BlendChoice.Pick(penalties, 0.95, counterfactualCount: 200);
        Assert.Equal((1.0, 1.0), (chosen.Alpha, chosen.L2));
    }
}
