using Counterforge.Core.Metrics;

namespace Counterforge.Core.Pipeline;

/// <param name="Source">For a counterfactual, the original it was made from; null for an original.</param>
public sealed record LabeledRef(ImageRef Image, int Label, string Group, ImageRef? Source = null);

public sealed record CounterfactualRef(ImageRef Image, int Label, string Kind);

/// <summary>
/// What a model is judged on: held-out originals, counterfactuals of held-out sources, a balanced split with groups, and
/// (beside a generative editor) the reference editor's counterfactuals of the same held-out edits.
/// </summary>
public sealed record JudgeSet(
    IReadOnlyList<LabeledRef> Originals,
    IReadOnlyList<CounterfactualRef> Counterfactuals,
    IReadOnlyList<LabeledRef> Balanced,
    IReadOnlyDictionary<string, int> TrainGroupCounts,
    IReadOnlyList<CounterfactualRef>? Reference = null)
{
    /// <summary>Scores a model, given as a function from images to class probabilities, on counterfactuals of <paramref name="kinds"/>.</summary>
    public Judgement Judge(Func<IReadOnlyList<ImageRef>, float[][]> probabilities, IReadOnlyCollection<string> kinds) =>
        JudgeEach(probabilities, kinds).Judgement;

    /// <summary>The same score, with the model's prediction on each judged original and counterfactual (the balanced split's only count).</summary>
    public JudgedImages JudgeEach(Func<IReadOnlyList<ImageRef>, float[][]> probabilities, IReadOnlyCollection<string> kinds)
    {
        var cfs = Counterfactuals.Where(c => kinds.Contains(c.Kind)).ToList();
        var originals = Predict(probabilities, Originals.Select(o => (o.Image, o.Label)).ToList());
        var counterfactuals = Predict(probabilities, cfs.Select(c => (c.Image, c.Label)).ToList());
        GroupAccuracy? groups = null;
        if (Balanced.Count > 0)
        {
            var probs = probabilities(Balanced.Select(b => b.Image).ToList());
            groups = GroupAccuracy.Of(Balanced.Select((b, i) => (b.Group, PairOutcome.ArgMax(probs[i]) == b.Label)), TrainGroupCounts);
        }
        var reference = Reference is null ? null
            : Predict(probabilities, Reference.Where(c => kinds.Contains(c.Kind)).Select(c => (c.Image, c.Label)).ToList());
        var judgement = new Judgement(Accuracy(originals), Accuracy(counterfactuals), cfs.Count, groups?.WorstGroupAccuracy, groups?.AdjustedMean,
            reference is { Count: > 0 } ? Accuracy(reference) : null, reference?.Count);
        return new JudgedImages(judgement, originals, counterfactuals);
    }

    private static List<PredictionRecord> Predict(Func<IReadOnlyList<ImageRef>, float[][]> probabilities, IReadOnlyList<(ImageRef Image, int Label)> images)
    {
        if (images.Count == 0) return [];
        var probs = probabilities(images.Select(i => i.Image).ToList());
        return images.Select((image, i) => new PredictionRecord(image.Image.Id, image.Label, probs[i])).ToList();
    }

    private static double Accuracy(IReadOnlyList<PredictionRecord> predictions) =>
        predictions.Count == 0 ? double.NaN : predictions.Count(p => p.Correct) / (double)predictions.Count;

    /// <summary>Share of images whose most probable class is their label; NaN for no images.</summary>
    public static double Accuracy(Func<IReadOnlyList<ImageRef>, float[][]> probabilities, IReadOnlyList<ImageRef> images, IReadOnlyList<int> labels)
    {
        if (images.Count == 0) return double.NaN;
        var probs = probabilities(images);
        return Enumerable.Range(0, images.Count).Count(i => PairOutcome.ArgMax(probs[i]) == labels[i]) / (double)images.Count;
    }
}

/// <param name="AccCfReference">Accuracy on the reference editor's counterfactuals of the same kinds; null without a reference editor.</param>
public sealed record Judgement(double AccOrig, double AccCf, int NCf, double? WorstGroup, double? AdjustedMean,
    double? AccCfReference = null, int? NCfReference = null);

/// <summary>A judgement with the model's prediction on each judged test original (id = sample id) and counterfactual (id = edit id).</summary>
public sealed record JudgedImages(Judgement Judgement, IReadOnlyList<PredictionRecord> Originals, IReadOnlyList<PredictionRecord> Counterfactuals);
