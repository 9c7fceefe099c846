using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using SkiaSharp;

namespace Counterforge.Scenes;

/// <summary>
/// The exact counterfactual editor of the scenes world: re-renders the edited caption with the source's seed, so the
/// result differs from the source only in what the edit names.
/// </summary>
/// <param name="imageSize">Width of the output; null renders at the source image's width.</param>
public sealed class SceneEditor(int? imageSize = null) : IImageEditor
{
    public string Name => "scene";

    public string ConfigKey => $"scene-renderer-v{SceneRenderer.Version}-size-{(imageSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "source")}";

    public Task<EditedImage> GenerateAsync(Sample source, string sourceImagePath, Edit edit, CancellationToken cancel = default) =>
        Task.FromResult(Generate(source, sourceImagePath, edit));

    public EditedImage Generate(Sample source, string sourceImagePath, Edit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var size = imageSize ?? WidthOf(sourceImagePath);
        return new EditedImage(SceneRenderer.RenderPng(edit.Edited, source.Seed, size));
    }

    private static int WidthOf(string path)
    {
        using var codec = SKCodec.Create(path)
            ?? throw new InvalidDataException($"{path}: not an image the scene editor can read (needed for its size).");
        return codec.Info.Width;
    }
}
