namespace Counterforge.Core.Data.Loading;

/// <summary>An image as a folder walk or a manifest line names it, before any check.</summary>
/// <param name="Where">How problems name it: the image file, or the manifest file and line.</param>
/// <param name="ImagePath">Relative to the dataset root, '/'-separated.</param>
/// <param name="MaskPath">Relative to the mask root; null when the source names none.</param>
/// <param name="Attributes">A manifest's other columns (metadata); null when it has none.</param>
internal sealed record Candidate(string Where, string Id, string ImagePath, string Label, string? Split, string? Caption, string? MaskPath,
    IReadOnlyDictionary<string, string>? Attributes = null);
