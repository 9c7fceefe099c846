namespace Counterforge.Core.Classification;

/// <summary>
/// A classifier whose input-side modules can be frozen by name in a fine-tune (<see cref="TrainingOptions.FrozenModules"/>):
/// a stable fine-tune of a network trained elsewhere keeps its general early filters and retrains what the later layers make
/// of them.
/// </summary>
public interface IEarlyModules
{
    /// <summary>Top-level module names from the input up to the end of the first stage (a ResNet's conv1, bn1, layer1); empty when the architecture has no such split.</summary>
    IReadOnlyList<string> EarlyModules { get; }
}
