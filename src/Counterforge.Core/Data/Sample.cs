namespace Counterforge.Core.Data;

/// <summary>One image of a dataset. <see cref="ImagePath"/> is relative to the dataset root.</summary>
/// <param name="Attributes">Known ground-truth attributes (e.g. background = grass); they define groups.</param>
public sealed record Sample(
    string Id,
    string ImagePath,
    string Label,
    string Split,
    string? Caption = null,
    int Seed = 0,
    IReadOnlyDictionary<string, string>? Attributes = null);
