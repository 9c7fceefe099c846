using Counterforge.Core.Reinforcement;

namespace Counterforge.Core.Tests;

/// <summary>The two rules that pick a blend from its validation sweep.</summary>
public class BlendChoiceTests
{
    // Seed 3 of the generative demo (docs/generative.md, section 5): 217 generated validation counterfactuals, the peak at
    // α = 0.5 and 0.75, α = 1 two images lower.
    private static readonly IReadOnlyList<AlphaPoint> Flat =
    [
        new(0, 0, 0.97, 0.8295), new(0, 0.25, 0.98, 0.9032), new(0, 0.5, 0.98, 0.9401), new(0, 0.75, 0.98, 0.9401), new(0, 1, 0.98, 0.9309),
    ];

    [Fact]
    public void Best_takes_the_highest_and_breaks_ties_towards_the_smaller_change()
    {
        Assert.Equal(0.5, BlendChoice.Pick(Flat, 0.97).Alpha);
    }

    [Fact]
    public void Strongest_takes_the_largest_alpha_validation_cannot_tell_from_the_best()
    {
        Assert.Equal(1.0, BlendChoice.Pick(Flat, 0.97, rule: BlendChoice.Strongest, counterfactualCount: 217).Alpha);
        Assert.Equal(0.75, BlendChoice.Pick(Flat, 0.97, rule: BlendChoice.Strongest, counterfactualCount: 100_000).Alpha);
    }

    [Fact]
    public void Strongest_keeps_a_smaller_alpha_that_is_clearly_better_and_never_passes_the_drop_on_originals()
    {
        IReadOnlyList<AlphaPoint> overshoot = [new(0, 0, 0.95, 0.60), new(0, 0.5, 0.95, 0.90), new(0, 1, 0.95, 0.80)];
        Assert.Equal(0.5, BlendChoice.Pick(overshoot, 0.95, rule: BlendChoice.Strongest, counterfactualCount: 200).Alpha);
        IReadOnlyList<AlphaPoint> costly = [new(0, 0, 0.95, 0.60), new(0, 0.5, 0.95, 0.90), new(0, 1, 0.90, 0.91)];
        Assert.Equal(0.5, BlendChoice.Pick(costly, 0.95, rule: BlendChoice.Strongest, counterfactualCount: 200).Alpha);
    }

    [Fact]
    public void Strongest_without_validation_counterfactuals_keeps_the_original_model()
    {
        IReadOnlyList<AlphaPoint> blind = [new(0, 0, 0.95, 0), new(0, 0.5, 0.95, 0), new(0, 1, 0.95, 0)];
        Assert.Equal(0.0, BlendChoice.Pick(blind, 0.95, rule: BlendChoice.Strongest, counterfactualCount: 0).Alpha);
    }

    [Fact]
    public void An_unknown_rule_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => BlendChoice.Pick(Flat, 0.97, rule: "greatest"));
    }
}
