using Counterforge.Core.Classification;

namespace Counterforge.Core.Reinforcement;

public sealed record AlphaPoint(double Alpha, double ValAccOrig, double ValAccCf);

public sealed record LastLayerResult(LinearHead Head, double Alpha, IReadOnlyList<AlphaPoint> Sweep);

/// <summary>
/// The paper's recipe on a frozen backbone: fit a fresh last layer on the originals plus the added images, then blend
/// W = α·W_new + (1−α)·W_orig. α is picked on validation: the highest counterfactual accuracy among the α whose
/// accuracy on originals stays within <see cref="MaxOriginalDrop"/> of the original head's (ties go to the smaller α,
/// the smaller change).
/// </summary>
public static class LastLayerReinforcement
{
    public const double MaxOriginalDrop = 0.01;
    public static readonly IReadOnlyList<double> DefaultAlphas = Enumerable.Range(0, 11).Select(i => i / 10.0).ToList();

    /// <param name="addedShare">Share of the total training weight carried by the added images, so that a small K is not drowned by the originals.</param>
    /// <param name="validate">Validation accuracy (originals, counterfactuals) of a head.</param>
    public static LastLayerResult Fit(
        LinearHead original,
        IReadOnlyList<float[]> originalFeatures, IReadOnlyList<int> originalLabels,
        IReadOnlyList<float[]> addedFeatures, IReadOnlyList<int> addedLabels,
        double addedShare, HeadFitOptions fit,
        Func<LinearHead, (double Orig, double Cf)> validate,
        IReadOnlyList<double>? alphas = null)
    {
        var features = originalFeatures.Concat(addedFeatures).ToList();
        var labels = originalLabels.Concat(addedLabels).ToList();
        float addedWeight = addedFeatures.Count == 0 ? 0 : (float)(addedShare / (1 - addedShare) * originalFeatures.Count / addedFeatures.Count);
        var weights = originalFeatures.Select(_ => 1f).Concat(addedFeatures.Select(_ => addedWeight)).ToList();
        var fresh = HeadTrainer.Fit(features, labels, original.Classes, fit, weights);

        var sweep = (alphas ?? DefaultAlphas).Select(a =>
        {
            var (orig, cf) = validate(fresh.Blend(original, a));
            return new AlphaPoint(a, orig, cf);
        }).ToList();
        double floor = sweep.Where(p => p.Alpha == 0).Select(p => p.ValAccOrig).DefaultIfEmpty(sweep.Max(p => p.ValAccOrig)).First() - MaxOriginalDrop;
        var best = sweep.Where(p => p.ValAccOrig >= floor - 1e-12)
            .OrderByDescending(p => p.ValAccCf).ThenBy(p => p.Alpha).FirstOrDefault() ?? sweep.OrderBy(p => p.Alpha).First();
        return new LastLayerResult(fresh.Blend(original, best.Alpha), best.Alpha, sweep);
    }
}
