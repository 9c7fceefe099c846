using Counterforge.Core.Data;

namespace Counterforge.Scenes;

/// <summary>The contents of scenes.json: how a scenes dataset was made, so a reader can tell what its shortcut is.</summary>
public sealed record SceneDatasetInfo(
    int RendererVersion,
    int ImageSize,
    string Shortcut,
    double ShortcutProbability,
    int Seed,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<string> Classes,
    IReadOnlyDictionary<string, string>? ShortcutValues,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Vocabulary)
{
    public static SceneDatasetInfo From(SceneDatasetOptions options) => new(
        SceneRenderer.Version,
        options.ImageSize,
        options.Shortcut,
        options.ShortcutProbability,
        options.Seed,
        Splits.All.ToDictionary(s => s, options.CountOf),
        SceneGrammar.Classes,
        options.HasShortcut ? SceneGrammar.Classes.ToDictionary(c => c, c => options.ShortcutValueOf(c)!) : null,
        SceneKinds.All.ToDictionary(k => k, SceneGrammar.Values));
}
