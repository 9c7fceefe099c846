using Counterforge.Core.Pipeline;

namespace Counterforge.Core.Reinforcement;

/// <summary>
/// What a method made: the reinforced model's predictions on the judged test images (the row's numbers and its McNemar
/// tests come from them), and how it was made.
/// </summary>
/// <param name="Weights">The reinforced model's weights, relative to the run folder, when the method kept them.</param>
/// <param name="Sweep">Every blend tried on validation, that <paramref name="Alpha"/> was chosen from.</param>
/// <param name="FineTune">A fine-tuning method's tries (recipe, loss, own validation accuracy, divergence), the one blended marked kept.</param>
public sealed record Repair(JudgedImages After, double? Alpha = null, double? L2 = null, double? DfrC = null, string? Note = null,
    string? Weights = null, IReadOnlyList<AlphaPoint>? Sweep = null, IReadOnlyList<FineTuneAttempt>? FineTune = null);

/// <summary>
/// A way to reinforce the baseline with K added images (the paper's last layer, a full fine-tune, DFR, or one of a user's),
/// judged on the held-out test images of the context. Methods are found by name in a <see cref="Registry{T}"/>.
/// </summary>
public interface IReinforcementMethod
{
    string Name { get; }

    /// <summary>Whether this method can use the selection's images (a method that picks α on validation cannot take validation images).</summary>
    bool Accepts(ISelection selection);

    Task<Repair> RepairAsync(ReinforcementContext context, AddedImages added, string selection, int k, CancellationToken cancel = default);
}
