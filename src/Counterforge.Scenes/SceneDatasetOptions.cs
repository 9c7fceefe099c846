using Counterforge.Core.Data;

namespace Counterforge.Scenes;

/// <summary>
/// What <see cref="SceneDatasetMaker"/> writes. <see cref="Shortcut"/> names the attribute that co-occurs with the
/// class (class i with value i of that attribute, modulo the number of values) with probability
/// <see cref="ShortcutProbability"/> in every split except test-balanced; "none" makes all attributes independent.
/// </summary>
public sealed record SceneDatasetOptions(string OutputDirectory, int TrainCount)
{
    public const string NoShortcut = "none";

    public int ImageSize { get; init; } = 64;
    public string Shortcut { get; init; } = SceneKinds.Background;
    public double ShortcutProbability { get; init; } = 0.95;
    public int Seed { get; init; }

    /// <summary>Split sizes; null means the default share of <see cref="TrainCount"/> (val ¼, test ½, test-balanced ½, extra ¼).</summary>
    public int? ValCount { get; init; }
    public int? TestCount { get; init; }
    public int? TestBalancedCount { get; init; }
    public int? ExtraCount { get; init; }

    public int CountOf(string split) => split switch
    {
        Splits.Train => TrainCount,
        Splits.Val => ValCount ?? TrainCount / 4,
        Splits.Test => TestCount ?? TrainCount / 2,
        Splits.TestBalanced => TestBalancedCount ?? TrainCount / 2,
        Splits.Extra => ExtraCount ?? TrainCount / 4,
        _ => throw new ArgumentException($"'{split}' is not a split; expected one of {string.Join(", ", Splits.All)}.", nameof(split)),
    };

    public bool HasShortcut => Shortcut != NoShortcut;

    /// <summary>The shortcut value paired with a class (null without a shortcut).</summary>
    public string? ShortcutValueOf(string className)
    {
        if (!HasShortcut) return null;
        var values = SceneGrammar.Values(Shortcut);
        return values[IndexOfClass(className) % values.Count];
    }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException("The scenes dataset needs an output directory.");
        foreach (var split in Splits.All)
            if (CountOf(split) < 0) throw new ArgumentOutOfRangeException(split, CountOf(split), $"The {split} split cannot have a negative number of images.");
        if (ImageSize is < SceneRenderer.MinSize or > SceneRenderer.MaxSize)
            throw new ArgumentOutOfRangeException(nameof(ImageSize), ImageSize, $"Scene images are {SceneRenderer.MinSize} to {SceneRenderer.MaxSize} pixels wide.");
        if (Shortcut != NoShortcut && !SceneKinds.Editable.Contains(Shortcut))
            throw new ArgumentException($"Shortcut '{Shortcut}' is not an attribute; expected one of {string.Join(", ", SceneKinds.Editable)} or {NoShortcut}.");
        if (ShortcutProbability is < 0 or > 1 || double.IsNaN(ShortcutProbability))
            throw new ArgumentOutOfRangeException(nameof(ShortcutProbability), ShortcutProbability, "The shortcut probability is between 0 and 1.");
    }

    private static int IndexOfClass(string className)
    {
        var index = SceneGrammar.Classes.ToList().IndexOf(className);
        return index >= 0 ? index : throw new ArgumentException($"'{className}' is not a scene class; expected one of {string.Join(", ", SceneGrammar.Classes)}.");
    }
}
