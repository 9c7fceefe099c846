namespace Counterforge.Core.Edits;

/// <summary>Edit kinds that editors outside the scenes world understand (the scenes world uses the same words).</summary>
public static class EditKinds
{
    public const string Background = "background";
    public const string Color = "color";
}
