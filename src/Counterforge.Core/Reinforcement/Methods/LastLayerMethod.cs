using Counterforge.Core.Reinforcement.Selections;

namespace Counterforge.Core.Reinforcement.Methods;

/// <summary>
/// The paper's recipe: the backbone frozen, a fresh last layer fitted on the train originals plus the K added images (which
/// carry <see cref="Pipeline.ModelRunSettings.AddedShare"/> of the training weight), blended with the original layer by the
/// α chosen on validation.
/// </summary>
public sealed class LastLayerMethod : IReinforcementMethod
{
    public const string Key = ReinforcementRow.Methods.LastLayer;

    public string Name => Key;

    public bool Accepts(ISelection selection) => !selection.FromValidation;

    public Task<Repair> RepairAsync(ReinforcementContext context, AddedImages added, string selection, int k, CancellationToken cancel = default) => Task.Run(() =>
    {
        var (features, train) = (context.Features, context.Train);
        var result = LastLayerReinforcement.Fit(context.Baseline.Head,
            features.Get(train.Select(t => t.Image).ToList()), train.Select(t => t.Label).ToList(),
            features.Get(added.Images.Select(a => a.Image).ToList()), added.Images.Select(a => a.Label).ToList(),
            context.Settings.AddedShare,
            head => context.Validation.Score(images => features.Probabilities(images, head)),
            maxOriginalDrop: context.Settings.MaxOriginalDrop, rule: context.Settings.BlendRule, validationCounterfactuals: context.Validation.Counterfactuals.Count);
        var after = context.Judge.JudgeEach(images => features.Probabilities(images, result.Head), context.TargetKinds);
        string? weights = null;
        if (selection == TargetedSelection.Key)
        {
            using var reinforced = context.Baseline.Clone();
            reinforced.Head = result.Head;
            weights = context.SaveReinforced(reinforced, Key, selection, k);
        }
        return new Repair(after, Alpha: result.Alpha, L2: result.L2, Weights: weights, Sweep: result.Sweep);
    }, cancel);
}
