using Counterforge.Core.Classification;
using Counterforge.Core.Metrics;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Reinforcement;

/// <summary>
/// How much of the gap any re-weighting of the baseline's features could close: a fresh last layer fitted on every
/// validation original and every validation counterfactual of the targeted kinds (far more images than a budget K),
/// judged on test like a reinforcement row. It tells a user which repairs can work for their model: when it closes
/// little, the features do not hold what tells the classes apart once the shortcut is gone (a network trained from scratch
/// on a strong shortcut can learn none of the subject), so no last-layer method can repair it and a fine-tune with a small
/// K has to learn the subject from K images; training longer, on more images, or from pretrained weights is the remedy.
/// </summary>
/// <param name="L2">The head's penalty, chosen by two-fold cross-validation on validation (test is only judged).</param>
/// <param name="GapClosed">(acc_cf − acc_cf before) / (acc_orig before − acc_cf before), on the kinds flagged on validation;
/// null when the baseline reads no fewer test counterfactuals than originals (a test set where the shortcut is reversed), so
/// there is no gap to close.</param>
public sealed record FeatureCeiling(int NOriginals, int NCounterfactuals, double L2, double AccOrig, double AccCf, double? GapClosed)
{
    /// <summary>Below this share of the gap, the run says the features cannot carry a repair.</summary>
    public const double Low = 0.2;

    public bool IsLow => GapClosed is < Low;

    /// <summary>One line for logs and reports.</summary>
    public string Describe() =>
        $"a new last layer fitted on all {NOriginals} validation originals and {NCounterfactuals} validation counterfactuals reaches acc_orig {Percent.Format(AccOrig)}, " +
        $"acc_cf {Percent.Format(AccCf)} on test ({(GapClosed is { } closed ? $"gap closed {Percent.Format(closed)}" : "the baseline's test shows no gap to close")}), about the most a last-layer repair can close; only a method that changes the features (full) can go further" +
        (IsLow ? ". These features barely hold the subject: expect little from a repair with a small K, and train longer, on more images, or from pretrained weights" : "");

    /// <summary>Fits the head (counterfactuals carry half the weight) and returns it with the penalty it was fitted with.</summary>
    public static (LinearHead Head, double L2) Fit(
        IReadOnlyList<float[]> originals, IReadOnlyList<int> originalLabels,
        IReadOnlyList<float[]> counterfactuals, IReadOnlyList<int> counterfactualLabels,
        int classes, int seed, IReadOnlyList<double>? penalties = null)
    {
        if (originals.Count == 0 || counterfactuals.Count == 0) throw new ArgumentException("The ceiling needs validation originals and counterfactuals.");
        var random = new Random(StableHash.Seed(seed, "feature-ceiling-folds"));
        int[] Folds(int n) => Enumerable.Range(0, n).Select(i => i % 2).OrderBy(_ => random.Next()).ToArray();
        var (origFold, cfFold) = (Folds(originals.Count), Folds(counterfactuals.Count));

        LinearHead FitOn(Func<int, bool> takeOrig, Func<int, bool> takeCf, double l2)
        {
            var o = Enumerable.Range(0, originals.Count).Where(takeOrig).ToList();
            var c = Enumerable.Range(0, counterfactuals.Count).Where(takeCf).ToList();
            float cfWeight = c.Count == 0 ? 0 : (float)o.Count / c.Count;
            return HeadTrainer.Fit(o.Select(i => originals[i]).Concat(c.Select(i => counterfactuals[i])).ToList(),
                o.Select(i => originalLabels[i]).Concat(c.Select(i => counterfactualLabels[i])).ToList(), classes,
                new HeadFitOptions(L2: l2), o.Select(_ => 1f).Concat(c.Select(_ => cfWeight)).ToList());
        }

        double Accuracy(LinearHead head, IReadOnlyList<float[]> features, IReadOnlyList<int> labels, int[] fold, int held)
        {
            var rows = Enumerable.Range(0, features.Count).Where(i => fold[i] == held).ToList();
            return rows.Count == 0 ? 0 : rows.Count(i => PairOutcome.ArgMax(head.Probabilities(features[i])) == labels[i]) / (double)rows.Count;
        }

        // Mean over both folds of the held-out fold's accuracy on originals and on counterfactuals, equally weighted.
        double bestL2 = (penalties ?? LastLayerReinforcement.DefaultPenalties).Select(l2 => (L2: l2, Score: Enumerable.Range(0, 2).Average(held =>
        {
            var head = FitOn(i => origFold[i] != held, i => cfFold[i] != held, l2);
            return Accuracy(head, originals, originalLabels, origFold, held) + Accuracy(head, counterfactuals, counterfactualLabels, cfFold, held);
        }))).OrderByDescending(p => p.Score).ThenByDescending(p => p.L2).First().L2;
        return (FitOn(_ => true, _ => true, bestL2), bestL2);
    }

    /// <summary>The ceiling of one run's baseline, judged on its test originals and counterfactuals of the targeted kinds.</summary>
    public static FeatureCeiling Measure(ReinforcementContext context, CancellationToken cancel = default)
    {
        var (features, validation) = (context.Features, context.Validation);
        var originals = validation.Pool;
        var counterfactuals = validation.Counterfactuals;
        var (head, l2) = Fit(features.Get(originals.Select(o => o.Image).ToList(), cancel), originals.Select(o => o.Label).ToList(),
            features.Get(counterfactuals.Select(c => c.Image).ToList(), cancel), counterfactuals.Select(c => c.Label).ToList(),
            context.Data.Classes.Count, context.Settings.Seed);
        var after = context.Judge.Judge(images => features.Probabilities(images, head), context.TargetKinds);
        return new FeatureCeiling(originals.Count, counterfactuals.Count, l2, after.AccOrig, after.AccCf,
            context.Before.AccOrig > context.Before.AccCf ? ReinforcementRow.GapClosedOf(after.AccCf, context.Before.AccCf, context.Before.AccOrig) : null);
    }
}
