namespace Counterforge.Core.Pipeline;

/// <param name="StartBudget">K of the first round (added images).</param>
/// <param name="MaxBudget">No round adds more than this many images; the loop stops there, weakness gone or not.</param>
/// <param name="Growth">Each round's K is the last one's times this (geometric steps).</param>
/// <param name="Method">The reinforcement method every round uses, by name.</param>
/// <param name="Selection">The selection every round uses, by name (targeted: the one that keeps its model's weights).</param>
public sealed record HardenSettings(int StartBudget, int MaxBudget, double Growth = 2, string Method = "last-layer", string Selection = "targeted")
{
    /// <summary>The budgets of the rounds: StartBudget, then geometric steps up to MaxBudget (the cap itself is the last step).</summary>
    public IReadOnlyList<int> Budgets()
    {
        var budgets = new List<int>();
        for (double k = StartBudget; ; k = budgets[^1] * Growth)
        {
            // Each round adds at least one image more than the last, however slowly the budget grows.
            int budget = Math.Min(MaxBudget, Math.Max(budgets.Count > 0 ? budgets[^1] + 1 : 1, (int)Math.Round(k)));
            budgets.Add(budget);
            if (budget >= MaxBudget) break;
        }
        return budgets;
    }
}

/// <summary>
/// One round of <c>harden</c>: the model reinforced with K images, stress-tested again on counterfactuals made fresh for
/// this round (edits the run had not made, from a perturber drawn with the round's own seed), none of which it was trained
/// or tuned on.
/// </summary>
/// <param name="Flagged">The kinds still flagged on the fresh counterfactuals (same rule as the stress test's).</param>
/// <param name="BaselineFlagged">The kinds the baseline is flagged for on the same fresh counterfactuals: what they can show at all.</param>
/// <param name="AccOrig">The reinforced model on the validation originals.</param>
/// <param name="AccCfFresh">The reinforced model on the fresh counterfactuals of the kinds the baseline was flagged for.</param>
/// <param name="BaselineAccCfFresh">The baseline on the same fresh counterfactuals.</param>
/// <param name="FreshCounterfactuals">Accepted fresh counterfactuals the round judged (null controls excluded).</param>
/// <param name="ImagesGenerated">Images this round generated: its fresh counterfactuals and the targeted selection's candidates.</param>
/// <param name="Row">The reinforcement row of this round (summary's key), with its test numbers.</param>
public sealed record HardenRound(
    int Round,
    int K,
    IReadOnlyList<string> Flagged,
    IReadOnlyList<string> BaselineFlagged,
    double AccOrig,
    double AccCfFresh,
    double BaselineAccCfFresh,
    int FreshCounterfactuals,
    int ImagesGenerated,
    double Seconds,
    string Row,
    double TestAccOrig,
    double TestAccCf,
    double TestGapClosed,
    string? Weights);

/// <summary>summary.json's "harden": every round, and how the loop ended.</summary>
/// <param name="Outcome">"weakness gone" (the last round flagged nothing on fresh counterfactuals that flag the baseline), "budget cap
/// reached" (still flagged at the cap), "undecided" (the fresh counterfactuals flag neither model: too few to tell) or "nothing to harden".</param>
public sealed record HardenResult(string Model, IReadOnlyList<string> Weaknesses, string Method, string Selection, IReadOnlyList<HardenRound> Rounds, string Outcome)
{
    public const string Gone = "weakness gone";
    public const string CapReached = "budget cap reached";
    public const string NothingToHarden = "nothing to harden";
    public const string Undecided = "undecided: the fresh counterfactuals flag the baseline for nothing either (too few to tell; try more --stress-sources or --edits-per-kind)";
}
