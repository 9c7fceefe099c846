namespace Counterforge.Core.Edits;

/// <summary>A change to a caption. <see cref="Kind"/> is <see cref="NullKind"/> for the control edit that changes nothing.</summary>
public sealed record Edit(string SourceId, string Original, string Edited, string Kind, string? From, string? To)
{
    public const string NullKind = "null";

    public string Id => Kind == NullKind ? $"{SourceId}~null" : $"{SourceId}~{Kind}~{Slug(To)}";

    /// <summary>How a target word appears in an edit's id: two words with the same key are one edit ("night sky", "night-sky").</summary>
    public static string WordKey(string? word) => Slug(word);

    public bool IsNull => Kind == NullKind;

    public static Edit Null(string sourceId, string caption) => new(sourceId, caption, caption, NullKind, null, null);

    private static string Slug(string? word) =>
        string.Concat((word ?? "").Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));
}
