namespace Counterforge.Core.Reinforcement.Selections;

/// <summary>K validation images balanced over the groups (class × shortcut attribute): DFR's held-out reweighting set.</summary>
public sealed class BalancedSelection : ISelection
{
    public const string Key = ReinforcementRow.Selections.Balanced;

    public string Name => Key;

    public bool FromValidation => true;

    public Task<AddedImages> SelectAsync(ReinforcementContext context, int k, CancellationToken cancel = default)
    {
        var chosen = BudgetSelection.GroupBalanced(context.Validation.Pool, p => p.Group, k, context.Settings.Seed);
        return Task.FromResult(new AddedImages(chosen, $"{chosen.Select(c => c.Group).Distinct().Count()} groups in the K images"));
    }
}
