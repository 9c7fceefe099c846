using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement.Selections;

namespace Counterforge.Core.Reinforcement.Methods;

/// <summary>
/// A fresh last layer on a fine-tuned backbone: every weight fine-tuned on the originals plus the added images as
/// <see cref="FullFineTuneMethod"/> does, then the paper's last-layer recipe on the tuned network's features (a fresh
/// layer fitted on the originals plus the added images, blended with the tuned network's own layer by the α and L2
/// chosen on validation). The fine-tune moves the features; the fresh layer re-weighs them — DFR's argument, with
/// counterfactuals in place of group labels. Opt-in (`--methods tuned-head`): docs/repair.md says what it does.
/// </summary>
public sealed class TunedHeadMethod : IReinforcementMethod
{
    public const string Key = "tuned-head";

    public string Name => Key;

    public bool Accepts(ISelection selection) => !selection.FromValidation;

    public Task<Repair> RepairAsync(ReinforcementContext context, AddedImages added, string selection, int k, CancellationToken cancel = default) => Task.Run(() =>
    {
        var (settings, train, validation, progress) = (context.Settings, context.Train, context.Validation, context.Progress);
        var (baselineOrig, baselineCf) = validation.Score(refs => context.Features.Probabilities(refs, context.Baseline.Head));
        string stage = $"Fine-tune under a fresh head ({selection}, K={k})";
        var outcome = FullFineTuneMethod.FineTune(context, added, stage, baselineOrig, cancel);
        using var tuned = outcome.Tuned;
        var against = FullFineTuneMethod.TaughtAgainst(outcome, baselineCf, selection);
        if (against is not null) progress.Info($"{stage}: {against}");
        var features = new FeatureStore(tuned, progress, $"{settings.ModelTag} fine-tuned ({selection}, K={k})");
        var result = LastLayerReinforcement.Fit(tuned.Head,
            features.Get(train.Select(t => t.Image).ToList(), cancel), train.Select(t => t.Label).ToList(),
            features.Get(added.Images.Select(a => a.Image).ToList(), cancel), added.Images.Select(a => a.Label).ToList(),
            settings.AddedShare,
            head => validation.Score(images => features.Probabilities(images, head)),
            maxOriginalDrop: settings.MaxOriginalDrop, referenceValAccOrig: baselineOrig,
            rule: settings.BlendRule, validationCounterfactuals: validation.Counterfactuals.Count);
        var chosen = result.Sweep.First(p => p.Alpha == result.Alpha && p.L2 == result.L2);
        if (chosen.ValAccOrig < baselineOrig - settings.MaxOriginalDrop - 1e-12)
        {
            // No blend on the tuned backbone stays within the drop the user accepts of the *baseline*: keep the baseline.
            var kept = context.Judge.JudgeEach(images => context.Features.Probabilities(images, context.Baseline.Head), context.TargetKinds);
            return new Repair(kept, Alpha: 0, Sweep: result.Sweep, FineTune: outcome.Attempts,
                Note: $"no fresh layer on the fine-tuned backbone kept validation accuracy on originals within {settings.MaxOriginalDrop:P0} of the baseline's ({baselineOrig:P1}); kept the baseline");
        }
        var after = context.Judge.JudgeEach(images => features.Probabilities(images, result.Head), context.TargetKinds);
        string? weights = null;
        if (selection == TargetedSelection.Key)
        {
            using var reinforced = tuned.Clone();
            reinforced.Head = result.Head;
            weights = context.SaveReinforced(reinforced, Key, selection, k);
        }
        return new Repair(after, Alpha: result.Alpha, L2: result.L2, Note: FullFineTuneMethod.Note(added.Note, outcome, against), Weights: weights,
            Sweep: result.Sweep, FineTune: outcome.Attempts);
    }, cancel);
}
