using Counterforge.Core.Pipeline;
using Counterforge.Core.Runs;
using Counterforge.Options;
using Counterforge.Scenes;

namespace Counterforge.Data;

/// <summary>
/// Where a run's images come from, as far as it can be told without reading them: the folder (given, or the scenes world
/// rendered into the run folder), and what a scenes world says about itself (its image size, its planted shortcut).
/// </summary>
internal sealed class DataSource(RunFolder run, DataOptions options)
{
    /// <summary>The dataset's folder or manifest; null when the options name neither.</summary>
    public string? Path => options.Scenes is not null ? run.DataDirectory : options.Path;

    /// <summary>Scenes datasets carry scenes.json (given as a folder, or rendered into the run).</summary>
    public SceneDatasetInfo? Scenes
    {
        get
        {
            var info = Path is null ? null : System.IO.Path.Combine(Path, SceneDatasetMaker.InfoFile);
            return info is not null && File.Exists(info) ? Json.ReadFile<SceneDatasetInfo>(info) : null;
        }
    }

    public bool IsScenes => options.Scenes is not null || Scenes is not null;

    /// <summary>The images' own size, when the data says it (a scenes world).</summary>
    public int? NativeImageSize => options.Scenes?.ImageSize ?? Scenes?.ImageSize;

    /// <summary>The shortcut planted in a scenes world (null for other data, or a world without one).</summary>
    public ShortcutInfo? Shortcut
    {
        get
        {
            if (options.Scenes is { } world) return world.Shortcut;
            return Scenes is { } info ? new ShortcutInfo(info.Shortcut, info.ShortcutProbability) : null;
        }
    }

    /// <summary>The attribute that with the class defines the groups: the one asked for, else the scenes world's shortcut attribute.</summary>
    public string? GroupBy => options.GroupBy ?? (Shortcut is { Kind: not SceneDatasetOptions.NoShortcut } s ? s.Kind : null);
}
