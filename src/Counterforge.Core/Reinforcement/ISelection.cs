using Counterforge.Core.Edits;
using Counterforge.Core.Pipeline;

namespace Counterforge.Core.Reinforcement;

/// <summary>The K images a selection adds, and a note on how they were chosen (for the report).</summary>
public sealed record AddedImages(IReadOnlyList<LabeledRef> Images, string? Note = null);

/// <summary>Chooses the K images a reinforcement method adds to the baseline's training data (extra originals, counterfactuals, ...).</summary>
public interface ISelection
{
    string Name { get; }

    /// <summary>
    /// The images come from the validation split (a held-out, group-balanced set, as DFR uses) rather than from train, so
    /// only methods that do not choose anything on validation may take them.
    /// </summary>
    bool FromValidation { get; }

    Task<AddedImages> SelectAsync(ReinforcementContext context, int k, CancellationToken cancel = default);

    /// <summary>
    /// The train edits whose counterfactuals <see cref="SelectAsync"/> asks for at budget <paramref name="k"/>, known before
    /// any model runs: what the shards of `reinforce --shard I/N` make ahead of the one process that reinforces. None for a
    /// selection that generates nothing.
    /// </summary>
    IReadOnlyList<Edit> EditsToGenerate(IReadOnlyList<Edit> trainEdits, IReadOnlyList<string> weakKinds, ModelRunSettings settings, int k) => [];
}
