using Counterforge.Core.Edits;

namespace Counterforge.Diffusion.Editors;

/// <summary>
/// The InstructPix2Pix instruction for a caption edit, in the imperative form its training instructions take
/// ("make the background snow", "make it red"). The null edit gives the empty instruction: text guidance then
/// adds nothing and the image is only re-rendered under image guidance, which is what a control should measure.
/// </summary>
public static class EditInstruction
{
    private static readonly HashSet<string> AboutTheWholeImage = new(StringComparer.OrdinalIgnoreCase) { "color", "colour", "size", "time" };

    public static string For(Edit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        if (edit.IsNull) return "";
        if (string.IsNullOrWhiteSpace(edit.To)) return $"make it look like {edit.Edited.Trim()}";
        string value = edit.To.Trim();
        return AboutTheWholeImage.Contains(edit.Kind) || string.IsNullOrWhiteSpace(edit.Kind)
            ? $"make it {value}"
            : $"make the {edit.Kind.Trim().ToLowerInvariant()} {value}";
    }
}
