using Counterforge.Core.Edits;

namespace Counterforge.Scenes;

/// <summary>
/// Captions of the scenes world: "a {size} {colour} {subject} {background} {weather} {time}", every attribute always
/// stated, e.g. "a small red star on sandy ground in the rain at night". Parsing is strict so that a caption the
/// renderer accepts is a caption it draws exactly; <see cref="Format"/> and <see cref="Parse"/> are inverse.
/// </summary>
public static class SceneGrammar
{
    private const string Article = "a";

    /// <summary>Class names (the subjects), in class-index order.</summary>
    public static IReadOnlyList<string> Classes { get; } = SceneVocabulary.Subjects.Select(e => e.Word).ToList();

    /// <summary>The edit vocabulary: kinds background, color, weather, time, size; class names are not in it.</summary>
    public static Lexicon Lexicon { get; } = new(SceneKinds.Editable.SelectMany(SceneVocabulary.Of));

    /// <summary>Canonical words of one kind (including <see cref="SceneKinds.Subject"/>), in index order.</summary>
    public static IReadOnlyList<string> Values(string kind) => SceneVocabulary.Of(kind).Select(e => e.Word).ToList();

    /// <summary>The caption phrase of a value ("sand" → "on sandy ground").</summary>
    public static string Phrase(string kind, string word) => Entry(kind, word).Phrase;

    /// <summary>A checked spec: every word must be a canonical word of its kind.</summary>
    public static SceneSpec Spec(string subject, string size, string color, string background, string weather, string time)
    {
        var spec = new SceneSpec(subject, size, color, background, weather, time);
        foreach (var kind in SceneKinds.CaptionOrder) Require(kind, spec.Get(kind));
        return spec;
    }

    /// <summary>Every drawable spec (size × colour × subject × background × weather × time).</summary>
    public static IEnumerable<SceneSpec> All() =>
        from size in Values(SceneKinds.Size)
        from color in Values(SceneKinds.Color)
        from subject in Classes
        from background in Values(SceneKinds.Background)
        from weather in Values(SceneKinds.Weather)
        from time in Values(SceneKinds.Time)
        select new SceneSpec(subject, size, color, background, weather, time);

    public static string Format(SceneSpec spec) =>
        Article + " " + string.Join(" ", SceneKinds.CaptionOrder.Select(k => Phrase(k, spec.Get(k))));

    /// <summary>Parses a caption (case and spacing are forgiven, one trailing full stop too); throws <see cref="SceneCaptionException"/>.</summary>
    public static SceneSpec Parse(string caption) => SceneCaptionParser.Parse(caption);

    public static bool TryParse(string caption, out SceneSpec? spec)
    {
        try
        {
            spec = Parse(caption);
            return true;
        }
        catch (SceneCaptionException)
        {
            spec = null;
            return false;
        }
    }

    internal static void Require(string kind, string word) => Entry(kind, word);

    private static LexiconEntry Entry(string kind, string word) =>
        SceneVocabulary.Of(kind).FirstOrDefault(e => e.Word == word)
        ?? throw new SceneCaptionException(
            $"cannot draw {kind} '{word}': expected one of {string.Join(", ", SceneVocabulary.Of(kind).Select(e => e.Word))}.");
}
