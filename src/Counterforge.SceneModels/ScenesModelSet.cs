namespace Counterforge.SceneModels;

/// <summary>The miniature scenes text-to-image model set shipped with Counterforge (models/scenes-sd in the repository).</summary>
public static class ScenesModelSet
{
    /// <summary>Its copy beside the running program.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "models", "scenes-sd");
}
