namespace Counterforge.Language.Perturbation;

/// <summary>
/// LANCE's six edit types, as the LLM is asked to name them, and the report kind each edit is filed under.
/// The report's kinds are the lexicon's (background, color, weather, time, size) so LLM and lexicon runs compare
/// column by column; types with no lexicon counterpart keep their own name:
/// <list type="bullet">
/// <item>background → background; weather → weather, or time when the new words name a time of day (night, sunset, …);</item>
/// <item>adjective → color when the new words name a colour, size when they name a size, else adjective;</item>
/// <item>subject → subject (another entity than the class, e.g. the person walking the dog), object → object, domain → domain (style: sketch, painting).</item>
/// </list>
/// </summary>
public static class LanceEditTypes
{
    public const string Subject = "subject";
    public const string Object = "object";
    public const string Background = "background";
    public const string Weather = "weather";
    public const string Adjective = "adjective";
    public const string Domain = "domain";

    public static readonly IReadOnlyList<string> All = [Subject, Object, Background, Weather, Adjective, Domain];

    private static readonly HashSet<string> Colours = new(StringComparer.OrdinalIgnoreCase)
    {
        "red", "orange", "yellow", "green", "blue", "purple", "violet", "pink", "brown", "black", "white", "gray", "grey",
        "golden", "silver", "beige", "cyan", "magenta", "turquoise", "teal", "navy", "maroon", "colorful", "colourful",
    };

    private static readonly HashSet<string> Sizes = new(StringComparer.OrdinalIgnoreCase)
    {
        "small", "tiny", "little", "large", "big", "huge", "giant", "enormous", "miniature", "tall", "short",
    };

    private static readonly HashSet<string> TimesOfDay = new(StringComparer.OrdinalIgnoreCase)
    {
        "night", "nighttime", "midnight", "dusk", "dawn", "sunset", "sunrise", "morning", "evening", "noon", "daytime", "twilight",
    };

    /// <summary>The report kind for an edit of LANCE type <paramref name="type"/> whose new words are <paramref name="addedWords"/>.</summary>
    public static string ReportKind(string type, IReadOnlyList<string> addedWords) => type switch
    {
        Weather when addedWords.Any(TimesOfDay.Contains) => "time",
        Adjective when addedWords.Any(Colours.Contains) => "color",
        Adjective when addedWords.Any(Sizes.Contains) => "size",
        _ when All.Contains(type) => type,
        _ => throw new ArgumentException($"'{type}' is not a LANCE edit type; expected one of {string.Join(", ", All)}."),
    };
}
