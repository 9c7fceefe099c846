namespace Counterforge.Core.Reinforcement.Methods;

/// <summary>
/// Deep Feature Reweighting: an L1 logistic head on the frozen features of K group-balanced validation images, its
/// regularisation chosen by worst-group accuracy on the rest of validation. It takes held-out images only.
/// </summary>
public sealed class DfrMethod : IReinforcementMethod
{
    public const string Key = ReinforcementRow.Methods.Dfr;

    public string Name => Key;

    public bool Accepts(ISelection selection) => selection.FromValidation;

    public Task<Repair> RepairAsync(ReinforcementContext context, AddedImages added, string selection, int k, CancellationToken cancel = default) => Task.Run(() =>
    {
        var (features, chosen) = (context.Features, added.Images);
        var chosenIds = chosen.Select(c => c.Image.Id).ToHashSet();
        var tune = context.Validation.Pool.Where(p => !chosenIds.Contains(p.Image.Id)).ToList();
        var result = Dfr.Fit(
            features.Get(chosen.Select(c => c.Image).ToList()), chosen.Select(c => c.Label).ToList(), chosen.Select(c => c.Group).ToList(),
            features.Get(tune.Select(t => t.Image).ToList()), tune.Select(t => t.Label).ToList(), tune.Select(t => t.Group).ToList(),
            context.Data.Classes.Count, context.Settings.Seed);
        var after = context.Judge.JudgeEach(images => features.Probabilities(images, result.Head), context.TargetKinds);
        return new Repair(after, DfrC: result.C);
    }, cancel);
}
