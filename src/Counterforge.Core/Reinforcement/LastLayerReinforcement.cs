using Counterforge.Core.Classification;

namespace Counterforge.Core.Reinforcement;

public sealed record LastLayerResult(LinearHead Head, double Alpha, double L2, IReadOnlyList<AlphaPoint> Sweep);

/// <summary>
/// The paper's recipe on a frozen backbone: fit a fresh last layer on the originals plus the added images, then blend
/// W = α·W_new + (1−α)·W_orig. α, and the fresh layer's L2 penalty, are picked on validation by <see cref="BlendChoice"/>.
/// </summary>
public static class LastLayerReinforcement
{
    public static readonly IReadOnlyList<double> DefaultPenalties = [1e-3, 1e-2, 1e-1];

    /// <param name="addedShare">Share of the total training weight carried by the added images, so that a small K is not drowned by the originals.</param>
    /// <param name="validate">Validation accuracy (originals, counterfactuals) of a head.</param>
    /// <param name="rule">How α is chosen (<see cref="BlendChoice"/>); <paramref name="validationCounterfactuals"/>: how many counterfactuals <paramref name="validate"/> scores.</param>
    /// <param name="referenceValAccOrig">The validation accuracy on originals the blend must stay near; default: the original head's.</param>
    public static LastLayerResult Fit(
        LinearHead original,
        IReadOnlyList<float[]> originalFeatures, IReadOnlyList<int> originalLabels,
        IReadOnlyList<float[]> addedFeatures, IReadOnlyList<int> addedLabels,
        double addedShare,
        Func<LinearHead, (double Orig, double Cf)> validate,
        IReadOnlyList<double>? alphas = null,
        IReadOnlyList<double>? penalties = null,
        double maxOriginalDrop = BlendChoice.MaxOriginalDrop,
        double? referenceValAccOrig = null,
        string rule = BlendChoice.Best,
        int validationCounterfactuals = 0)
    {
        var features = originalFeatures.Concat(addedFeatures).ToList();
        var labels = originalLabels.Concat(addedLabels).ToList();
        float addedWeight = addedFeatures.Count == 0 ? 0 : (float)(addedShare / (1 - addedShare) * originalFeatures.Count / addedFeatures.Count);
        var weights = originalFeatures.Select(_ => 1f).Concat(addedFeatures.Select(_ => addedWeight)).ToList();

        var (originalValAcc, _) = validate(original);
        var fresh = new Dictionary<double, LinearHead>();
        var sweep = new List<AlphaPoint>();
        foreach (var l2 in penalties ?? DefaultPenalties)
        {
            fresh[l2] = HeadTrainer.Fit(features, labels, original.Classes, new HeadFitOptions(L2: l2), weights);
            foreach (var a in alphas ?? BlendChoice.Alphas)
            {
                var (orig, cf) = a == 0 ? validate(original) : validate(original.Interpolate(fresh[l2], a));
                sweep.Add(new AlphaPoint(l2, a, orig, cf));
            }
        }
        var best = BlendChoice.Pick(sweep, referenceValAccOrig ?? originalValAcc, maxOriginalDrop, rule, validationCounterfactuals);
        return new LastLayerResult(original.Interpolate(fresh[best.L2], best.Alpha), best.Alpha, best.L2, sweep);
    }
}
