using System.Globalization;
using Counterforge.Core.Data;

namespace Counterforge.Scenes;

/// <summary>
/// Draws the scene of sample <c>index</c> of a split. Each sample has its own random stream (master seed, split, index),
/// so a sample does not depend on how many others there are: growing a split keeps its first images.
/// </summary>
internal static class SceneSampler
{
    public static SceneSpec Draw(SceneDatasetOptions options, string split, int index)
    {
        var classes = SceneGrammar.Classes;
        var subject = classes[index % classes.Count]; // round robin: classes balanced to within one
        var rng = SceneSeeds.Random(options.Seed, "attributes", split, Text(index));
        bool shortcut = options.HasShortcut && split != Splits.TestBalanced;
        var words = new Dictionary<string, string> { [SceneKinds.Subject] = subject };
        foreach (var kind in SceneKinds.Editable) // fixed order keeps the stream stable
        {
            var values = SceneGrammar.Values(kind);
            words[kind] = shortcut && kind == options.Shortcut
                ? Shortcut(rng, values, options.ShortcutValueOf(subject)!, options.ShortcutProbability)
                : values[rng.Next(values.Count)];
        }
        return new SceneSpec(subject, words[SceneKinds.Size], words[SceneKinds.Color], words[SceneKinds.Background],
            words[SceneKinds.Weather], words[SceneKinds.Time]);
    }

    /// <summary>The render seed of a sample, stored in the manifest so an editor can re-render it.</summary>
    public static int RenderSeed(SceneDatasetOptions options, string split, int index) =>
        SceneSeeds.Seed(options.Seed, "render", split, Text(index));

    /// <summary>The class's own value with probability p, else a uniformly drawn other value.</summary>
    private static string Shortcut(Random rng, IReadOnlyList<string> values, string own, double p)
    {
        if (rng.NextDouble() < p) return own;
        var others = values.Where(v => v != own).ToList();
        return others[rng.Next(others.Count)];
    }

    private static string Text(int index) => index.ToString(CultureInfo.InvariantCulture);
}
