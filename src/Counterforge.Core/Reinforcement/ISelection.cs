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
}
