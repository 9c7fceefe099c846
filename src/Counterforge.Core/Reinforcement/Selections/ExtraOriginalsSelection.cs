using Counterforge.Core.Data;
using Counterforge.Core.Pipeline;

namespace Counterforge.Core.Reinforcement.Selections;

/// <summary>The control that matters most: K more ordinary images of the training distribution, from the dataset's extra split.</summary>
public sealed class ExtraOriginalsSelection : ISelection
{
    public const string Key = ReinforcementRow.Selections.ExtraOriginals;

    public string Name => Key;

    public bool FromValidation => false;

    public Task<AddedImages> SelectAsync(ReinforcementContext context, int k, CancellationToken cancel = default)
    {
        var data = context.Data;
        var chosen = BudgetSelection.ExtraOriginals(data.InSplit(Splits.Extra), k, context.Settings.Seed)
            .Select(s => new LabeledRef(ImageRef.Of(data, s), data.LabelIndex(s), s.Label)).ToList();
        return Task.FromResult(new AddedImages(chosen, chosen.Count == 0 ? "the dataset has no extra split and --extra-share is 0" : null));
    }
}
