namespace Counterforge.Core.Metrics;

/// <summary>
/// A source image and one counterfactual of it, as the classifier saw them. Probabilities are indexed by class;
/// <see cref="Label"/> is the source's true class, which the counterfactual keeps.
/// </summary>
public sealed record PairOutcome(string EditId, string SourceId, string Kind, string? From, string? To, int Label, float[] SourceProbs, float[] CounterfactualProbs)
{
    public bool SourceCorrect => ArgMax(SourceProbs) == Label;
    public bool CounterfactualCorrect => ArgMax(CounterfactualProbs) == Label;
    public bool Flipped => SourceCorrect && !CounterfactualCorrect;
    public double ConfidenceDrop => SourceProbs[Label] - CounterfactualProbs[Label];

    public static int ArgMax(IReadOnlyList<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Count; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
