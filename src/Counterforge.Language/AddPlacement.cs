using Counterforge.Core.Edits;

namespace Counterforge.Language;

/// <summary>Where a value is added to a caption that states none of its kind.</summary>
public enum AddPlacement
{
    /// <summary>After the caption: "a photo of a dog" → "a photo of a dog on snow".</summary>
    End,

    /// <summary>Right before the class word: "a photo of a dog" → "a photo of a red dog".</summary>
    BeforeClass,
}

/// <summary>Which kinds get add edits, and where.</summary>
public static class AddEdits
{
    /// <summary>LANCE's additions for captions that name no background or colour: backgrounds at the end, colours before the class.</summary>
    public static IReadOnlyDictionary<string, AddPlacement> Lance { get; } = new Dictionary<string, AddPlacement>
    {
        [EditKinds.Background] = AddPlacement.End,
        [EditKinds.Color] = AddPlacement.BeforeClass,
    };
}
