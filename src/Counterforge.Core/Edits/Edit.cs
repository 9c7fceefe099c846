namespace Counterforge.Core.Edits;

/// <summary>A change to a caption. <see cref="Kind"/> is <see cref="NullKind"/> for the control edit that changes nothing.</summary>
public sealed record Edit(string SourceId, string Original, string Edited, string Kind, string? From, string? To)
{
    public const string NullKind = "null";

    public string Id => Kind == NullKind ? $"{SourceId}~null" : $"{SourceId}~{Kind}~{Slug(To)}";

    public bool IsNull => Kind == NullKind;

    public static Edit Null(string sourceId, string caption) => new(sourceId, caption, caption, NullKind, null, null);

    private static string Slug(string? word) =>
        string.Concat((word ?? "").Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));
}
