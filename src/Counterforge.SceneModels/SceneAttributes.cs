using Counterforge.Scenes;

namespace Counterforge.SceneModels;

/// <summary>
/// The attributes the oracle reads and the training set labels, in one fixed order, each with its words in the
/// grammar's order: label i of a kind is word i of <see cref="SceneGrammar.Values"/>.
/// </summary>
public static class SceneAttributes
{
    public static IReadOnlyList<string> Kinds { get; } = SceneKinds.All;

    public static IReadOnlyList<string> Words(string kind) => SceneGrammar.Values(kind);

    /// <summary>Label indices of a spec, in <see cref="Kinds"/> order.</summary>
    public static byte[] Labels(SceneSpec spec) =>
        Kinds.Select(kind => (byte)IndexOf(kind, spec.Get(kind))).ToArray();

    public static int IndexOf(string kind, string word)
    {
        int index = Words(kind).ToList().IndexOf(word);
        return index >= 0 ? index : throw new ArgumentException($"'{word}' is not a {kind} of the scenes world", nameof(word));
    }
}
