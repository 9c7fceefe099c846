using Counterforge.Core.Edits;
using Counterforge.Core.Pipeline;

namespace Counterforge.Core.Reinforcement.Selections;

/// <summary>K counterfactuals of train images with edits of any kind, drawn with the seed: what targeting must beat.</summary>
public sealed class RandomSelection : ISelection
{
    public const string Key = ReinforcementRow.Selections.Random;

    public string Name => Key;

    public bool FromValidation => false;

    public async Task<AddedImages> SelectAsync(ReinforcementContext context, int k, CancellationToken cancel = default) =>
        new(await context.CounterfactualsAsync(EditsToGenerate(context.TrainEdits, context.WeakKinds, context.Settings, k), $"K={k}", cancel).ConfigureAwait(false));

    public IReadOnlyList<Edit> EditsToGenerate(IReadOnlyList<Edit> trainEdits, IReadOnlyList<string> weakKinds, ModelRunSettings settings, int k) =>
        BudgetSelection.Counterfactuals(trainEdits, null, k, settings.Seed);
}
