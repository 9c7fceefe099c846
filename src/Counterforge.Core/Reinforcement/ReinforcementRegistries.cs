using Counterforge.Core.Reinforcement.Methods;
using Counterforge.Core.Reinforcement.Selections;

namespace Counterforge.Core.Reinforcement;

/// <summary>The reinforcement methods and selections by name, with the built-in ones registered; a user adds their own.</summary>
public sealed class ReinforcementRegistries
{
    public Registry<IReinforcementMethod> Methods { get; } = new Registry<IReinforcementMethod>("reinforcement method")
        .Register(LastLayerMethod.Key, () => new LastLayerMethod())
        .Register(FullFineTuneMethod.Key, () => new FullFineTuneMethod())
        .Register(DfrMethod.Key, () => new DfrMethod())
        .Register(TunedHeadMethod.Key, () => new TunedHeadMethod(), optInOnly: true)
        .Register(FullFineTuneMethod.ConsistencyKey,
            () => new FullFineTuneMethod(FullFineTuneMethod.ConsistencyKey, FullFineTuneMethod.DefaultConsistencyWeight), optInOnly: true);

    public Registry<ISelection> Selections { get; } = new Registry<ISelection>("selection")
        .Register(ExtraOriginalsSelection.Key, () => new ExtraOriginalsSelection())
        .Register(RandomSelection.Key, () => new RandomSelection())
        .Register(TargetedSelection.Key, () => new TargetedSelection())
        .Register(BalancedSelection.Key, () => new BalancedSelection());
}
