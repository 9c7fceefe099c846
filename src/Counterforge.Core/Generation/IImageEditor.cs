using Counterforge.Core.Data;
using Counterforge.Core.Edits;

namespace Counterforge.Core.Generation;

/// <summary>Makes the counterfactual image of a source for an edited caption, changing nothing the edit does not name.</summary>
public interface IImageEditor
{
    string Name { get; }

    /// <summary>A string that changes whenever the editor's output for the same input would change (cache key part).</summary>
    string ConfigKey { get; }

    /// <param name="sourceImagePath">Absolute path of the source image.</param>
    /// <exception cref="EditRefusedException">The editor cannot edit this image (no mask, say); the run goes on without it.</exception>
    Task<EditedImage> GenerateAsync(Sample source, string sourceImagePath, Edit edit, CancellationToken cancel = default);
}

/// <summary>A counterfactual, PNG-encoded, and the mask of the region the editor changed (white = changed) where it knows one.</summary>
public sealed record EditedImage(byte[] Png, byte[]? MaskPng = null);

/// <summary>An editor's refusal of one image, with the reason a user can act on.</summary>
public sealed class EditRefusedException(string reason) : Exception(reason);
