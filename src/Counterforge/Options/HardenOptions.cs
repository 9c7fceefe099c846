namespace Counterforge.Options;

/// <summary>
/// The <c>harden</c> loop: reinforce with <see cref="StartBudget"/>, stress-test the result on fresh counterfactuals, and
/// repeat with <see cref="Growth"/> times the budget until no kind is flagged or <see cref="MaxBudget"/> is reached.
/// </summary>
public sealed record HardenOptions
{
    /// <summary>The first round's K, as an image count or a share of train; null: the run's smallest --budgets.</summary>
    public string? StartBudget { get; init; }

    /// <summary>No round adds more images than this (count or share of train).</summary>
    public string MaxBudget { get; init; } = "40%";

    public double Growth { get; init; } = 2;

    /// <summary>The reinforcement method of every round, by name (last-layer: the paper's, and the cheapest per round).</summary>
    public string Method { get; init; } = Core.Reinforcement.ReinforcementRow.Methods.LastLayer;

    /// <summary>The selection of every round; it must keep its model's weights (targeted does).</summary>
    public string Selection { get; init; } = Core.Reinforcement.ReinforcementRow.Selections.Targeted;
}
