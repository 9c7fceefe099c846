using Counterforge.Core.Edits;
using Counterforge.Core.Metrics;
using Counterforge.Core.Pipeline;

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
        var edits = EditsToGenerate(context.TrainEdits, context.WeakKinds, context.Settings, k);
        if (context.WeakKinds.Count == 0)
            return new(await context.CounterfactualsAsync(edits, $"K={k}", cancel).ConfigureAwait(false), "no kind flagged on validation: drawn like random");
        string kinds = $"kinds: {string.Join(", ", context.WeakKinds)}";
        if (context.Settings.TargetedCandidates <= 1)
            return new(await context.CounterfactualsAsync(edits, $"K={k}", cancel).ConfigureAwait(false), kinds);
        var made = await context.CounterfactualsAsync(edits, $"{context.Settings.TargetedCandidates * k} candidates for K={k}", cancel).ConfigureAwait(false);
        var probabilities = context.Features.Probabilities(made.Select(c => c.Image).ToList(), context.Baseline.Head);
        var scored = made.Select((c, i) => (Added: c, TrueClass: (double)probabilities[i][c.Label], Wrong: PairOutcome.ArgMax(probabilities[i]) != c.Label)).ToList();
        var chosen = BudgetSelection.HardestByClass(scored, s => s.Added.Label, s => s.TrueClass, k);
        return new(chosen.Select(c => c.Added).ToList(),
            $"{kinds}; the {chosen.Count} of {made.Count} candidates the baseline gets most wrong, class by class ({chosen.Count(c => c.Wrong)} misclassified)");
    }

    /// <summary>K edits of the flagged kinds, or the candidates' pool (TargetedCandidates × K) when mining; drawn like random when none is flagged.</summary>
    public IReadOnlyList<Edit> EditsToGenerate(IReadOnlyList<Edit> trainEdits, IReadOnlyList<string> weakKinds, ModelRunSettings settings, int k) =>
        weakKinds.Count == 0 ? BudgetSelection.Counterfactuals(trainEdits, null, k, settings.Seed)
        : BudgetSelection.Counterfactuals(trainEdits, weakKinds, settings.TargetedCandidates <= 1 ? k : settings.TargetedCandidates * k, settings.Seed);
}
