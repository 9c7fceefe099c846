namespace Counterforge.Core.Reinforcement;

/// <summary>
/// One try of the full fine-tune, as the row records it: its recipe, its training loss at the start and at the end, the
/// fine-tuned network's own validation accuracy (α = 1, measured on that network, not on a blend), and why it counts as
/// diverged (null: it did not). The one <see cref="Kept"/> is the network the blend weights are chosen for.
/// </summary>
/// <param name="StartLoss">Mean training loss over the first epoch's steps.</param>
/// <param name="EndLoss">Mean training loss over the last epoch's steps.</param>
public sealed record FineTuneAttempt(
    double LearningRate,
    int Epochs,
    bool KeepsNormalization,
    IReadOnlyList<string> FrozenModules,
    double StartLoss,
    double EndLoss,
    double ValAccOrig,
    double ValAccCf,
    string? Diverged,
    bool Kept = false);

/// <summary>
/// Tells a fine-tune that broke the network from one that merely did not help. Any of three signs is enough: the training
/// loss of the last epoch is above the first epoch's (or a loss is not finite; epoch means, because a batch's loss swings
/// with how many of the few hard added images it holds), or above a uniform guess's, ln C (a network trained on these
/// originals that fits its training mix worse than guessing is broken, however far its loss exploded first), or the
/// fine-tuned network's validation accuracy on originals has fallen more than halfway from the original's towards chance. A fine-tune that trades a few points of originals for
/// counterfactuals passes; one that leaves a network guessing does not, and no blend weight can make use of it.
/// </summary>
public static class FineTuneCheck
{
    /// <summary>Share of the way from the original's validation accuracy down to chance beyond which the fine-tuned network has collapsed.</summary>
    public const double CollapseShare = 0.5;

    /// <summary>Validation points of counterfactuals a fine-tuned network may read fewer than the baseline before its row says
    /// the added images taught against the repair (a few points are noise of a few hundred validation images).</summary>
    public const double BackfireMargin = 0.05;

    /// <returns>What a fine-tune that lowered the network's own validation accuracy on counterfactuals means and what to try;
    /// null when it did not (by more than <see cref="BackfireMargin"/>).</returns>
    /// <param name="targeted">The added images were mined as the ones the baseline gets most wrong.</param>
    public static string? TaughtAgainst(double baselineValAccCf, double tunedValAccCf, bool targeted)
    {
        if (tunedValAccCf >= baselineValAccCf - BackfireMargin) return null;
        string why = $"the fine-tuned network reads fewer validation counterfactuals than the baseline ({baselineValAccCf:P1} → {tunedValAccCf:P1}): the added images taught against the repair";
        return targeted
            ? why + "; mining keeps the counterfactuals the baseline is surest are wrong, and if labels are noisy those are mostly of " +
              "mislabelled sources (docs/repair.md, dataset (a)): try --selections random, or --methods consistency"
            : why + "; if labels are noisy, try --methods consistency; if the feature ceiling is low, the model holds too little of the subject to be taught";
    }

    public static (double Start, double End) StartAndEndLoss(IReadOnlyList<double> stepLosses, int epochs)
    {
        if (stepLosses.Count == 0) return (double.NaN, double.NaN);
        int window = Math.Max(1, stepLosses.Count / Math.Max(1, epochs));
        return (stepLosses.Take(window).Average(), stepLosses.Skip(stepLosses.Count - window).Average());
    }

    /// <returns>Why the fine-tune diverged, in words a user can act on; null when it did not.</returns>
    public static string? Diverged(IReadOnlyList<double> stepLosses, int epochs, double originalValAccOrig, double tunedValAccOrig, int classes)
    {
        var (start, end) = StartAndEndLoss(stepLosses, epochs);
        if (stepLosses.Any(l => !double.IsFinite(l)))
            return "the training loss became infinite or NaN";
        if (end > start)
            return $"the training loss rose from {start:F2} (first epoch) to {end:F2} (last epoch)";
        double guess = Math.Log(Math.Max(2, classes));
        if (end > guess)
            return $"the training loss ended at {end:F2}, above a uniform guess's {guess:F2}";
        double chance = 1.0 / Math.Max(1, classes);
        double floor = chance + (1 - CollapseShare) * (originalValAccOrig - chance);
        if (tunedValAccOrig < floor)
            return $"validation accuracy on originals collapsed from {originalValAccOrig:P1} to {tunedValAccOrig:P1} (chance {chance:P0})";
        return null;
    }
}
