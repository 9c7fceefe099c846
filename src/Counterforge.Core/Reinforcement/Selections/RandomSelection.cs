namespace Counterforge.Core.Reinforcement.Selections;

/// <summary>K counterfactuals of train images with edits of any kind, drawn with the seed: what targeting must beat.</summary>
public sealed class RandomSelection : ISelection
{
    public const string Key = ReinforcementRow.Selections.Random;

    public string Name => Key;

    public bool FromValidation => false;

    public async Task<AddedImages> SelectAsync(ReinforcementContext context, int k, CancellationToken cancel = default) =>
        new(await context.CounterfactualsAsync(BudgetSelection.Counterfactuals(context.TrainEdits, null, k, context.Settings.Seed), $"K={k}", cancel).ConfigureAwait(false));
}
