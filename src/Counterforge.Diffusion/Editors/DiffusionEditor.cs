using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Runs;
using Counterforge.Diffusion.Images;
using Counterforge.Diffusion.Pipeline;

namespace Counterforge.Diffusion.Editors;

/// <summary>
/// What every diffusion editor does around its method: read the source, resize it to the model's size, encode it,
/// run the method on the latent (holding the model's gate: one edit at a time uses the graphs and buffers), decode,
/// and return the PNG at the source's size with the method's mask if it made one. The noise seed depends only on
/// the options' seed and the source's id, so an edit and its null-edit control start from the same noise.
/// </summary>
public abstract class DiffusionEditor : IImageEditor, IDisposable
{
    private readonly bool ownsModel;

    protected DiffusionEditor(StableDiffusion model, DiffusionEditorOptions options, bool ownsModel)
    {
        Model = model;
        Options = options;
        this.ownsModel = ownsModel;
    }

    public abstract string Name { get; }

    /// <summary>What the method keeps of the source, in one sentence (for the run's report).</summary>
    public abstract string Preserves { get; }

    public StableDiffusion Model { get; }
    public DiffusionEditorOptions Options { get; }

    /// <summary>Bumped when a method's algorithm changes what it outputs for the same settings.</summary>
    protected virtual int Version => 1;

    /// <summary>The method, its defaults resolved, the options, and the model set's files (path, size, time).</summary>
    public string ConfigKey => $"{Name}-v{Version}|{MethodKey}|{Options.Key}|resolution={Model.Resolution}|models={Model.Models.Fingerprint}";

    /// <summary>The method's effective settings (defaults resolved).</summary>
    protected abstract string MethodKey { get; }

    /// <summary>The editing is compute (many network evaluations): it runs on a worker thread, so a caller's thread is never held.</summary>
    public Task<EditedImage> GenerateAsync(Sample source, string sourceImagePath, Edit edit, CancellationToken cancel = default) =>
        Task.Run(() => Generate(source, sourceImagePath, edit), cancel);

    public EditedImage Generate(Sample source, string sourceImagePath, Edit edit)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(edit);
        var (sourceWidth, sourceHeight) = RgbImage.SizeOf(sourceImagePath);
        var (width, height) = Model.ModelImageSize(sourceWidth, sourceHeight);
        var image = RgbImage.Load(sourceImagePath, width, height);
        int seed = StableHash.Seed("diffusion-editor", Options.Seed, source.Id);
        float[] pixels;
        float[]? reconstruction = null;
        LatentMask? mask;
        lock (Model.Gate)
        {
            var latent = Model.Vae.Encode(image, height, width);
            (var result, mask) = Edit(new EditRequest(image, width, height, latent, edit, seed, source.Label));
            pixels = Decode(result, width, height);
            if ((Options.KeepSourceDetail && mask is null) || mask?.RetintsSubject == true) reconstruction = Decode(latent, width, height);
        }
        var png = !Options.KeepSourceDetail && mask?.PastedIntoSource != true ? RgbImage.ToPng(pixels, width, height, sourceWidth, sourceHeight)
            : mask is not null ? RgbImage.PasteIntoSourcePng(sourceImagePath, sourceWidth, sourceHeight, pixels, width, height, mask, mask.RetintsSubject ? reconstruction : null)
            : RgbImage.AddChangeToSourcePng(sourceImagePath, sourceWidth, sourceHeight, pixels, reconstruction!, width, height);
        var maskPng = mask is null ? null : RgbImage.MaskToPng(mask.Values, mask.Width, mask.Height, sourceWidth, sourceHeight);
        return new EditedImage(png, maskPng);
    }

    private float[] Decode(Latent latent, int width, int height)
    {
        var pixels = Model.Vae.Decode(latent, out int decodedHeight, out int decodedWidth);
        if (decodedHeight != height || decodedWidth != width)
            throw new InvalidDataException($"{Model.Models.Layout.VaeDecoder}: decoded {decodedWidth}×{decodedHeight}, expected {width}×{height}");
        return pixels;
    }

    /// <summary>The method: the edited latent, and the latent-resolution mask of what it changed when it knows one.</summary>
    internal abstract (Latent Edited, LatentMask? Mask) Edit(EditRequest request);

    public void Dispose()
    {
        if (ownsModel) Model.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>One edit as a method sees it: the resized image [3, H, W] in [−1, 1], its latent, the captions, the seed and the source's class.</summary>
internal sealed record EditRequest(float[] Image, int Width, int Height, Latent Latent, Edit Edit, int Seed, string Subject = "");

/// <summary>A mask at latent resolution, values in [0, 1] (1 = edited).</summary>
/// <param name="KeepsSubject">The mask keeps the source's subject out and the method redrew everything else: the result is
/// always pasted into the source, and where the source's pixels outside the mask have the colours of those inside it they are
/// taken from the result too (<see cref="Images.ColourMatte"/>): the mask keeps the subject, not the frame of old background
/// a latent cell's width leaves around it.</param>
/// <param name="RetintsSubject">The mask covers the subject and the edit changes how it looks (its colour): inside the mask the
/// result is the source plus the method's change, so the subject keeps its outline and texture and takes the new colour.</param>
public sealed record LatentMask(float[] Values, int Height, int Width, bool KeepsSubject = false, bool RetintsSubject = false)
{
    /// <summary>The result goes into the source whatever the options say: the method's output is defined only with the subject kept.</summary>
    public bool PastedIntoSource => KeepsSubject || RetintsSubject;
}
