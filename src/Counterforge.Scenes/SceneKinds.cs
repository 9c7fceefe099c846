namespace Counterforge.Scenes;

/// <summary>Attribute kinds of a scene, in caption order. <see cref="Subject"/> is the class; the others are edit kinds.</summary>
public static class SceneKinds
{
    public const string Subject = "subject";
    public const string Size = "size";
    public const string Color = "color";
    public const string Background = "background";
    public const string Weather = "weather";
    public const string Time = "time";

    /// <summary>Every kind, class first: the order of a sample's attributes.</summary>
    public static readonly IReadOnlyList<string> All = [Subject, Size, Color, Background, Weather, Time];

    /// <summary>Every kind in the order a caption states them.</summary>
    public static readonly IReadOnlyList<string> CaptionOrder = [Size, Color, Subject, Background, Weather, Time];

    /// <summary>The kinds an edit may change (everything but the class).</summary>
    public static readonly IReadOnlyList<string> Editable = [Background, Color, Weather, Time, Size];
}
