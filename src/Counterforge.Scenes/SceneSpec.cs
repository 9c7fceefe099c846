namespace Counterforge.Scenes;

/// <summary>
/// A complete description of one scene, each attribute given by its canonical word (see <see cref="SceneGrammar.Values"/>).
/// Build specs through <see cref="SceneGrammar.Parse"/> or <see cref="SceneGrammar.Spec"/> so that every word is checked.
/// </summary>
public sealed record SceneSpec(string Subject, string Size, string Color, string Background, string Weather, string Time)
{
    public string Get(string kind) => kind switch
    {
        SceneKinds.Subject => Subject,
        SceneKinds.Size => Size,
        SceneKinds.Color => Color,
        SceneKinds.Background => Background,
        SceneKinds.Weather => Weather,
        SceneKinds.Time => Time,
        _ => throw new ArgumentException($"'{kind}' is not a scene attribute kind; expected one of {string.Join(", ", SceneKinds.CaptionOrder)}.", nameof(kind)),
    };

    /// <summary>The same scene with one attribute changed (the word is checked against the vocabulary).</summary>
    public SceneSpec With(string kind, string word)
    {
        SceneGrammar.Require(kind, word);
        return kind switch
        {
            SceneKinds.Subject => this with { Subject = word },
            SceneKinds.Size => this with { Size = word },
            SceneKinds.Color => this with { Color = word },
            SceneKinds.Background => this with { Background = word },
            SceneKinds.Weather => this with { Weather = word },
            _ => this with { Time = word },
        };
    }

    /// <summary>Kind → canonical word for all six attributes, as stored in a sample's attributes.</summary>
    public IReadOnlyDictionary<string, string> Attributes() =>
        SceneKinds.All.ToDictionary(k => k, Get);

    public override string ToString() => SceneGrammar.Format(this);
}
