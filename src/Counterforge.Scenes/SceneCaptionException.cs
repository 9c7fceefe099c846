namespace Counterforge.Scenes;

/// <summary>A caption the scene renderer cannot draw; the message names the offending words and what was expected.</summary>
public sealed class SceneCaptionException(string message) : FormatException(message);
