using Counterforge.Core.Edits;

namespace Counterforge.Scenes;

/// <summary>
/// The words the scenes world knows. Order matters: value i of an attribute is class i's "own" value when that
/// attribute carries the shortcut, and the renderer looks values up by word. Phrases are chosen so that none is a
/// substring of another kind's phrase or of a class name, which keeps caption parsing and caption edits unambiguous.
/// </summary>
internal static class SceneVocabulary
{
    private static LexiconEntry E(string kind, string word, string phrase) => new(kind, word, phrase);

    public static readonly IReadOnlyList<LexiconEntry> Subjects =
    [
        E(SceneKinds.Subject, "star", "star"),
        E(SceneKinds.Subject, "heart", "heart"),
        E(SceneKinds.Subject, "crescent", "crescent"),
        E(SceneKinds.Subject, "arrow", "arrow"),
    ];

    public static readonly IReadOnlyList<LexiconEntry> Sizes =
    [
        E(SceneKinds.Size, "small", "small"),
        E(SceneKinds.Size, "medium", "medium"),
        E(SceneKinds.Size, "large", "large"),
    ];

    public static readonly IReadOnlyList<LexiconEntry> Colors =
    [
        E(SceneKinds.Color, "red", "red"),
        E(SceneKinds.Color, "orange", "orange"),
        E(SceneKinds.Color, "yellow", "yellow"),
        E(SceneKinds.Color, "green", "green"),
        E(SceneKinds.Color, "blue", "blue"),
        E(SceneKinds.Color, "purple", "purple"),
        E(SceneKinds.Color, "white", "white"),
    ];

    public static readonly IReadOnlyList<LexiconEntry> Backgrounds =
    [
        E(SceneKinds.Background, "grass", "on grass"),
        E(SceneKinds.Background, "water", "on water"),
        E(SceneKinds.Background, "sand", "on sandy ground"),
        E(SceneKinds.Background, "snow", "on snowy ground"),
        E(SceneKinds.Background, "bricks", "against a brick wall"),
        E(SceneKinds.Background, "night sky", "against a night sky"),
    ];

    // "snowfall", not "snow": words stay unique across kinds so a report's word never needs its kind to be read.
    public static readonly IReadOnlyList<LexiconEntry> Weathers =
    [
        E(SceneKinds.Weather, "clear", "in clear weather"),
        E(SceneKinds.Weather, "rain", "in the rain"),
        E(SceneKinds.Weather, "snowfall", "in falling snow"),
        E(SceneKinds.Weather, "fog", "in thick fog"),
    ];

    public static readonly IReadOnlyList<LexiconEntry> Times =
    [
        E(SceneKinds.Time, "day", "by day"),
        E(SceneKinds.Time, "dusk", "at dusk"),
        E(SceneKinds.Time, "night", "at night"),
    ];

    public static IReadOnlyList<LexiconEntry> Of(string kind) => kind switch
    {
        SceneKinds.Subject => Subjects,
        SceneKinds.Size => Sizes,
        SceneKinds.Color => Colors,
        SceneKinds.Background => Backgrounds,
        SceneKinds.Weather => Weathers,
        SceneKinds.Time => Times,
        _ => throw new ArgumentException($"'{kind}' is not a scene attribute kind; expected one of {string.Join(", ", SceneKinds.CaptionOrder)}.", nameof(kind)),
    };

    /// <summary>How error messages name a kind ("expected a colour …").</summary>
    public static string Describe(string kind) => kind switch
    {
        SceneKinds.Subject => "a subject",
        SceneKinds.Size => "a size",
        SceneKinds.Color => "a colour",
        SceneKinds.Background => "a background",
        SceneKinds.Weather => "a weather",
        _ => "a time of day",
    };
}
