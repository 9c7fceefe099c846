namespace Counterforge.Report.Pairs;

/// <summary>A model's answer on one image as the report shows it: the class it predicted and the probability it gave the true class.</summary>
internal readonly record struct Answer(int Predicted, float PTrue)
{
    public bool Correct(int label) => Predicted == label;
}

/// <summary>What happened to a pair, before and after the repair; one pair can be several of these (flipped and fixed, say).</summary>
[Flags]
internal enum PairOutcomes
{
    None = 0,
    /// <summary>The baseline got the original right and the counterfactual wrong.</summary>
    Flipped = 1,
    /// <summary>The baseline got the counterfactual wrong; the repaired model gets it right.</summary>
    Fixed = 2,
    /// <summary>Wrong on the counterfactual before and after the repair.</summary>
    StillWrong = 4,
    /// <summary>The repaired model gets the original or the counterfactual wrong where the baseline was right.</summary>
    NewError = 8,
    /// <summary>The repaired model was not judged on this counterfactual (its kind was not targeted).</summary>
    NotJudged = 16,
}

/// <summary>One test pair (source, counterfactual) with the baseline's answers and, where judged, the repaired model's.</summary>
/// <param name="SourceUrl">The source image, as a URL relative to report.html.</param>
/// <param name="CounterfactualUrl">The counterfactual image, as a URL relative to report.html.</param>
internal sealed record PairView(
    string EditId,
    string SourceId,
    string Kind,
    string? From,
    string? To,
    string Caption,
    int Label,
    string SourceUrl,
    string CounterfactualUrl,
    Answer BaselineOriginal,
    Answer BaselineCounterfactual,
    Answer? RepairOriginal,
    Answer? RepairCounterfactual)
{
    public PairOutcomes Outcomes
    {
        get
        {
            var outcomes = PairOutcomes.None;
            bool originalRight = BaselineOriginal.Correct(Label), counterfactualRight = BaselineCounterfactual.Correct(Label);
            if (originalRight && !counterfactualRight) outcomes |= PairOutcomes.Flipped;
            if (RepairCounterfactual is not { } after)
                return outcomes | PairOutcomes.NotJudged | (RepairOriginal is { } o && originalRight && !o.Correct(Label) ? PairOutcomes.NewError : 0);
            if (!counterfactualRight) outcomes |= after.Correct(Label) ? PairOutcomes.Fixed : PairOutcomes.StillWrong;
            bool brokeCounterfactual = counterfactualRight && !after.Correct(Label);
            bool brokeOriginal = RepairOriginal is { } original && originalRight && !original.Correct(Label);
            if (brokeCounterfactual || brokeOriginal) outcomes |= PairOutcomes.NewError;
            return outcomes;
        }
    }

    /// <summary>How much the edit lowered the baseline's confidence in the true class: the gallery shows the most striking first.</summary>
    public float ConfidenceDrop => BaselineOriginal.PTrue - BaselineCounterfactual.PTrue;
}
