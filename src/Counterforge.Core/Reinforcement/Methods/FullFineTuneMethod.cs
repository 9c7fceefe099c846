using Counterforge.Core.Classification;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement.Selections;

namespace Counterforge.Core.Reinforcement.Methods;

/// <summary>
/// Every weight fine-tuned on the train originals plus the added images at the mixing ratio, then blended with the
/// original weights (WiSE-FT) by the α chosen on validation, as the last-layer recipe chooses its α. A fine-tune that
/// diverges is retried with gentler recipes (<see cref="FineTuneLadder"/>), and the row records every try.
/// Registered a second time as <see cref="ConsistencyKey"/> (opt-in): the same fine-tune with the counterfactual
/// consistency term (<see cref="TrainingOptions.ConsistencyWeight"/>), each added counterfactual paired with its original.
/// </summary>
/// <param name="consistencyWeight">0: the plain fine-tune.</param>
public sealed class FullFineTuneMethod(string name = FullFineTuneMethod.Key, double consistencyWeight = 0) : IReinforcementMethod
{
    public const string Key = ReinforcementRow.Methods.Full;

    public const string ConsistencyKey = "consistency";

    /// <summary>The consistency term's weight for <see cref="ConsistencyKey"/>: as much as the cross-entropy.</summary>
    public const double DefaultConsistencyWeight = 1.0;

    /// <summary>Fewer α than the last layer's sweep: each one costs a pass of the whole network over validation.</summary>
    private static readonly IReadOnlyList<double> Alphas = [0.25, 0.5, 0.75, 1.0];

    public string Name => name;

    /// <summary>Train images only; the consistency term needs counterfactuals, so extra originals would repeat <c>full</c>'s row.</summary>
    public bool Accepts(ISelection selection) => !selection.FromValidation && (consistencyWeight == 0 || selection is not ExtraOriginalsSelection);

    public Task<Repair> RepairAsync(ReinforcementContext context, AddedImages added, string selection, int k, CancellationToken cancel = default) => Task.Run(() =>
    {
        var (settings, baseline, features, validation, progress) = (context.Settings, context.Baseline, context.Features, context.Validation, context.Progress);
        var (baselineOrig, baselineCf) = validation.Score(refs => features.Probabilities(refs, baseline.Head));
        string stage = consistencyWeight > 0 ? $"Fine-tune with consistency ({selection}, K={k})" : $"Full fine-tune ({selection}, K={k})";
        var outcome = FineTune(context, added, stage, baselineOrig, cancel, consistencyWeight);
        using var tuned = outcome.Tuned;

        var sweep = new List<AlphaPoint> { new(0, 0, baselineOrig, baselineCf) };
        foreach (var alpha in Alphas)
        {
            cancel.ThrowIfCancellationRequested();
            using var blended = baseline.Interpolate(tuned, alpha);
            var (orig, cf) = validation.Score(refs => blended.PredictProbabilities(refs.Select(i => i.FullPath).ToList(), cancel: cancel));
            sweep.Add(new AlphaPoint(0, alpha, orig, cf));
        }
        var best = BlendChoice.Pick(sweep, baselineOrig, settings.MaxOriginalDrop, settings.BlendRule, validation.Counterfactuals.Count);
        progress.Info($"{stage}: validation acc_orig / acc_cf by α: {string.Join(", ", sweep.Select(p => $"{p.Alpha:0.##}: {p.ValAccOrig:P1} / {p.ValAccCf:P1}"))}; chosen α = {best.Alpha:0.##}");
        var against = TaughtAgainst(outcome, baselineCf, selection);
        if (against is not null) progress.Info($"{stage}: {against}");
        using var chosen = baseline.Interpolate(tuned, best.Alpha);
        var scored = new FeatureStore(chosen, progress, $"{settings.ModelTag} fine-tuned α={best.Alpha:0.##}");
        var after = context.Judge.JudgeEach(refs => scored.Probabilities(refs, chosen.Head), context.TargetKinds);
        var weights = selection == TargetedSelection.Key ? context.SaveReinforced(chosen, name, selection, k) : null;
        return new Repair(after, Alpha: best.Alpha, Note: Note(added.Note, outcome, against), Weights: weights, Sweep: sweep, FineTune: outcome.Attempts);
    }, cancel);

    /// <summary>
    /// Every weight of the baseline trained on the train originals plus the added images at the mixing ratio, retried
    /// with gentler recipes while it diverges. The mixing ratio is met by repeating the added images, not by weighting
    /// them: a weight of 20 on a few hard images multiplies their gradients twentyfold within a batch, and SGD on a
    /// pretrained network diverges.
    /// </summary>
    /// <param name="baselineOrig">The baseline's validation accuracy on originals, which the divergence rule measures against.</param>
    /// <param name="consistencyWeight">Above 0: each added counterfactual is paired with its original by the consistency term (0: the pairs are not read).</param>
    internal static FineTuneLadder.Outcome FineTune(ReinforcementContext context, AddedImages added, string stage, double baselineOrig, CancellationToken cancel,
        double consistencyWeight = 0)
    {
        var (settings, baseline, validation, progress) = (context.Settings, context.Baseline, context.Validation, context.Progress);
        var images = added.Images;
        int repeats = images.Count == 0 ? 0 : Math.Max(1, (int)Math.Round(settings.AddedShare / (1 - settings.AddedShare) * context.Train.Count / images.Count));
        var data = context.Train.Select(t => new LabeledImage(t.Image.FullPath, t.Label))
            .Concat(Enumerable.Repeat(images, repeats).SelectMany(a => a)
                .Select(a => new LabeledImage(a.Image.FullPath, a.Label, Counterpart: a.Source?.FullPath))).ToList();
        var recipes = FineTuneLadder.Recipes(settings.FineTuneTraining with { Seed = settings.Seed, ConsistencyWeight = consistencyWeight },
            (baseline as IEarlyModules)?.EarlyModules ?? []);
        return FineTuneLadder.Run(baseline, recipes,
            (model, recipe) => BaselineStage.TrainWithProgress(model, data, recipe, progress, $"{stage}, {FineTuneLadder.Describe(recipe)}", cancel),
            model => validation.Score(refs => model.PredictProbabilities(refs.Select(i => i.FullPath).ToList(), cancel: cancel)),
            baselineOrig, message => progress.Info($"{stage}: {message}"));
    }

    /// <summary>The selection's note, what a fine-tune that diverged did, and a fine-tune that taught against the repair, each
    /// with what to try: a row whose repair is 0 % must say why.</summary>
    /// <param name="taughtAgainst">What <see cref="TaughtAgainst"/> said of the fine-tune; null: nothing.</param>
    internal static string? Note(string? selectionNote, FineTuneLadder.Outcome outcome, string? taughtAgainst)
    {
        var attempts = outcome.Attempts;
        string? fineTune = outcome.Diverged
            ? $"every fine-tune diverged ({attempts[^1].Diverged}); the blend keeps the original. {FineTuneLadder.Advice}"
            : attempts.Count > 1 ? $"the first fine-tune diverged ({attempts[0].Diverged}); kept: {FineTuneLadder.Describe(attempts.Single(a => a.Kept))}" : null;
        var parts = new[] { selectionNote, fineTune, taughtAgainst }.Where(p => p is not null).ToList();
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    /// <summary><see cref="FineTuneCheck.TaughtAgainst"/> for the kept fine-tune; null when it diverged (that is said instead).</summary>
    /// <param name="baselineValAccCf">The baseline's validation accuracy on counterfactuals, against which the kept fine-tune's own is read.</param>
    internal static string? TaughtAgainst(FineTuneLadder.Outcome outcome, double baselineValAccCf, string selection) => outcome.Diverged ? null
        : FineTuneCheck.TaughtAgainst(baselineValAccCf, outcome.Attempts.Single(a => a.Kept).ValAccCf, selection == TargetedSelection.Key);
}
