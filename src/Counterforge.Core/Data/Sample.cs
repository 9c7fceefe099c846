using System.Text.Json.Serialization;

namespace Counterforge.Core.Data;

/// <summary>One image of a dataset. <see cref="ImagePath"/> is relative to the dataset root.</summary>
/// <param name="Attributes">Known ground-truth attributes (e.g. background = grass); they define groups.</param>
/// <param name="MaskPath">The subject mask (PNG, white = subject), relative to the dataset's mask root; null when none.</param>
/// <param name="CaptionTemplated">True when <see cref="Caption"/> was made from the class name, not given with the image.</param>
public sealed record Sample(
    string Id,
    string ImagePath,
    string Label,
    string Split,
    string? Caption = null,
    int Seed = 0,
    IReadOnlyDictionary<string, string>? Attributes = null,
    string? MaskPath = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool CaptionTemplated = false);
