using Counterforge.Core.Metrics;

namespace Counterforge.Core.Reinforcement.Selections;

/// <summary>
/// K counterfactuals of the kinds flagged on validation. With <see cref="Pipeline.ModelRunSettings.TargetedCandidates"/>
/// above 1, that many times K are made from train sources and the baseline's predictions pick, class by class, the K it
/// gets most wrong: an image the model already gets right teaches it little, and the flagged kind's failures are what the
/// fine-tune must undo; class by class, so the one class it confuses most cannot take the whole budget.
/// </summary>
public sealed class TargetedSelection : ISelection
{
    public const string Key = ReinforcementRow.Selections.Targeted;

    public string Name => Key;

    public bool FromValidation => false;

    public async Task<AddedImages> SelectAsync(ReinforcementContext context, int k, CancellationToken cancel = default)
    {
        var (edits, seed, candidates) = (context.TrainEdits, context.Settings.Seed, context.Settings.TargetedCandidates);
        if (context.WeakKinds.Count == 0)
            return new(await context.CounterfactualsAsync(BudgetSelection.Counterfactuals(edits, null, k, seed), $"K={k}", cancel).ConfigureAwait(false),
                "no kind flagged on validation: drawn like random");
        string kinds = $"kinds: {string.Join(", ", context.WeakKinds)}";
        if (candidates <= 1)
            return new(await context.CounterfactualsAsync(BudgetSelection.Counterfactuals(edits, context.WeakKinds, k, seed), $"K={k}", cancel).ConfigureAwait(false), kinds);
        int pool = candidates * k;
        var made = await context.CounterfactualsAsync(BudgetSelection.Counterfactuals(edits, context.WeakKinds, pool, seed), $"{pool} candidates for K={k}", cancel).ConfigureAwait(false);
        var probabilities = context.Features.Probabilities(made.Select(c => c.Image).ToList(), context.Baseline.Head);
        var scored = made.Select((c, i) => (Added: c, TrueClass: (double)probabilities[i][c.Label], Wrong: PairOutcome.ArgMax(probabilities[i]) != c.Label)).ToList();
        var chosen = BudgetSelection.HardestByClass(scored, s => s.Added.Label, s => s.TrueClass, k);
        return new(chosen.Select(c => c.Added).ToList(),
            $"{kinds}; the {chosen.Count} of {made.Count} candidates the baseline gets most wrong, class by class ({chosen.Count(c => c.Wrong)} misclassified)");
    }
}
