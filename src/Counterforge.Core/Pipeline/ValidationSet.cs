using Counterforge.Core.Classification;
using Counterforge.Core.Metrics;

namespace Counterforge.Core.Pipeline;

/// <summary>Validation images: stressed originals and their counterfactuals (for α), and the whole split (DFR's held-out pool).</summary>
public sealed record ValidationSet(IReadOnlyList<LabeledRef> Originals, IReadOnlyList<CounterfactualRef> Counterfactuals, IReadOnlyList<LabeledRef> Pool)
{
    /// <summary>Accuracy of a model (images → probabilities) on the validation originals and on their counterfactuals.</summary>
    /// <remarks>With no counterfactuals (nothing of the target kinds was accepted) their accuracy counts as 0 for every candidate.</remarks>
    public (double Orig, double Cf) Score(Func<IReadOnlyList<ImageRef>, float[][]> probabilities)
    {
        double orig = JudgeSet.Accuracy(probabilities, Originals.Select(o => o.Image).ToList(), Originals.Select(o => o.Label).ToList());
        double cf = JudgeSet.Accuracy(probabilities, Counterfactuals.Select(c => c.Image).ToList(), Counterfactuals.Select(c => c.Label).ToList());
        return (double.IsNaN(orig) ? 0 : orig, double.IsNaN(cf) ? 0 : cf);
    }
}

public sealed record PredictionRecord(string ImageId, int Label, float[] Probs)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Correct => PairOutcome.ArgMax(Probs) == Label;
}
