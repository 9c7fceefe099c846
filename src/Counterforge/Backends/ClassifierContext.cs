using Counterforge.Options;

namespace Counterforge.Backends;

/// <summary>
/// What a classifier is made for: the model's options and resolved recipe, the dataset's classes in output order, and
/// whether the user's trained weights are to be taken whole (<see cref="WithGivenWeights"/>: the baseline is those
/// weights) or only as a backbone under a fresh head (<see cref="ModelOptions.NewHead"/>).
/// </summary>
public sealed record ClassifierContext(BackendContext Run, ModelOptions Model, ModelRecipe Recipe, IReadOnlyList<string> Classes, bool WithGivenWeights);
