using Counterforge.Core.Metrics;

namespace Counterforge.Core.Pipeline;

public sealed record LabeledRef(ImageRef Image, int Label, string Group);

public sealed record CounterfactualRef(ImageRef Image, int Label, string Kind);

/// <summary>What a model is judged on: held-out originals, counterfactuals of held-out sources, and a balanced split with groups.</summary>
public sealed record JudgeSet(
    IReadOnlyList<LabeledRef> Originals,
    IReadOnlyList<CounterfactualRef> Counterfactuals,
    IReadOnlyList<LabeledRef> Balanced,
    IReadOnlyDictionary<string, int> TrainGroupCounts)
{
    /// <summary>Scores a model, given as a function from images to class probabilities, on counterfactuals of <paramref name="kinds"/>.</summary>
    public Judgement Judge(Func<IReadOnlyList<ImageRef>, float[][]> probabilities, IReadOnlyCollection<string> kinds)
    {
        var cfs = Counterfactuals.Where(c => kinds.Contains(c.Kind)).ToList();
        double accOrig = Accuracy(probabilities, Originals.Select(o => o.Image).ToList(), Originals.Select(o => o.Label).ToList());
        double accCf = Accuracy(probabilities, cfs.Select(c => c.Image).ToList(), cfs.Select(c => c.Label).ToList());
        GroupAccuracy? groups = null;
        if (Balanced.Count > 0)
        {
            var probs = probabilities(Balanced.Select(b => b.Image).ToList());
            groups = GroupAccuracy.Of(Balanced.Select((b, i) => (b.Group, PairOutcome.ArgMax(probs[i]) == b.Label)), TrainGroupCounts);
        }
        return new Judgement(accOrig, accCf, cfs.Count, groups?.WorstGroupAccuracy, groups?.AdjustedMean);
    }

    /// <summary>Share of images whose most probable class is their label; NaN for no images.</summary>
    public static double Accuracy(Func<IReadOnlyList<ImageRef>, float[][]> probabilities, IReadOnlyList<ImageRef> images, IReadOnlyList<int> labels)
    {
        if (images.Count == 0) return double.NaN;
        var probs = probabilities(images);
        return Enumerable.Range(0, images.Count).Count(i => PairOutcome.ArgMax(probs[i]) == labels[i]) / (double)images.Count;
    }
}

public sealed record Judgement(double AccOrig, double AccCf, int NCf, double? WorstGroup, double? AdjustedMean);
