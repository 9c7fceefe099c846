using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Runs;
using Counterforge.Diffusion.Images;
using Counterforge.Diffusion.Pipeline;
using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Editors;

/// <summary>
/// What every diffusion editor does around its method: read the source, resize it to the model's size, encode it,
/// run the method on the latent (holding the model's gate: one edit at a time uses the graphs and buffers), decode,
/// and return the PNG at the source's size with the method's mask if it made one. The noise seed depends only on
/// the options' seed and the source's id, so an edit and its null-edit control start from the same noise.
/// </summary>
public abstract class DiffusionEditor : IBatchImageEditor, IDisposable
{
    /// <summary>64 MiB of floats: at the miniature model's 8×8 latents thousands of sources, at SD's 64×64 about twenty.</summary>
    private const long MemoBudgetFloats = 16L << 20;

    private readonly bool ownsModel;
    private readonly SourceMemo<float[][]> inversions = new(MemoBudgetFloats, levels => levels.Sum(l => (long)l.Length));

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

    public Task<IReadOnlyList<EditOutcome>> GenerateManyAsync(IReadOnlyList<EditJob> jobs, CancellationToken cancel = default) =>
        Task.Run(() => GenerateMany(jobs), cancel);

    public EditedImage Generate(Sample source, string sourceImagePath, Edit edit) => GenerateMany([new EditJob(source, sourceImagePath, edit)])[0].Unwrap();

    /// <summary>
    /// Every job as <see cref="Generate"/> makes it alone; the denoising walks of the jobs that have one share each UNet call
    /// (<see cref="BatchDenoising"/>). A job that fails (its source unreadable, the method refusing it) fails alone.
    /// </summary>
    public IReadOnlyList<EditOutcome> GenerateMany(IReadOnlyList<EditJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var outcomes = new EditOutcome?[jobs.Count];
        var started = new (Source Source, PendingEdit Pending)?[jobs.Count];
        var decoded = new (float[] Pixels, float[]? Reconstruction, LatentMask? Mask)?[jobs.Count];
        lock (Model.Gate)
        {
            for (int i = 0; i < jobs.Count; i++)
                outcomes[i] = Attempt(() =>
                {
                    var source = Read(jobs[i]);
                    started[i] = (source, Begin(new EditRequest(source.Image, source.Width, source.Height, source.Latent, jobs[i].Edit, source.Seed, jobs[i].Source.Label)));
                });
            BatchDenoising.Run(Model, started.Where(s => s?.Pending.Denoise is not null).Select(s => s!.Value.Pending.Denoise!));
            for (int i = 0; i < jobs.Count; i++)
                if (started[i] is { } item)
                    outcomes[i] = Attempt(() =>
                    {
                        var (source, pending) = item;
                        var (result, mask) = pending.Finish();
                        var pixels = Decode(result, source.Width, source.Height);
                        var reconstruction = (Options.KeepSourceDetail && mask is null) || mask?.RetintsSubject == true ? Decode(source.Latent, source.Width, source.Height) : null;
                        decoded[i] = (pixels, reconstruction, mask);
                    });
        }
        // Encoding the PNGs needs no model: outside the gate.
        var images = new EditedImage?[jobs.Count];
        for (int i = 0; i < jobs.Count; i++)
            if (decoded[i] is { } image)
                outcomes[i] = Attempt(() => images[i] = Png(jobs[i].SourceImagePath, started[i]!.Value.Source, image.Pixels, image.Reconstruction, image.Mask)) ?? new EditOutcome(images[i], null);
        return outcomes.Select(o => o!).ToList();
    }

    private sealed record Source(float[] Image, int Width, int Height, int SourceWidth, int SourceHeight, Latent Latent, int Seed);

    private Source Read(EditJob job)
    {
        ArgumentNullException.ThrowIfNull(job.Source);
        ArgumentNullException.ThrowIfNull(job.Edit);
        var (sourceWidth, sourceHeight) = RgbImage.SizeOf(job.SourceImagePath);
        var (width, height) = Model.ModelImageSize(sourceWidth, sourceHeight);
        var image = RgbImage.Load(job.SourceImagePath, width, height);
        int seed = StableHash.Seed("diffusion-editor", Options.Seed, job.Source.Id);
        return new Source(image, width, height, sourceWidth, sourceHeight, Model.Vae.Encode(image, height, width), seed);
    }

    private EditedImage Png(string sourceImagePath, Source source, float[] pixels, float[]? reconstruction, LatentMask? mask)
    {
        var (width, height, sourceWidth, sourceHeight) = (source.Width, source.Height, source.SourceWidth, source.SourceHeight);
        var png = !Options.KeepSourceDetail && mask?.PastedIntoSource != true ? RgbImage.ToPng(pixels, width, height, sourceWidth, sourceHeight)
            : mask is not null ? RgbImage.PasteIntoSourcePng(sourceImagePath, sourceWidth, sourceHeight, pixels, width, height, mask, mask.RetintsSubject ? reconstruction : null)
            : RgbImage.AddChangeToSourcePng(sourceImagePath, sourceWidth, sourceHeight, pixels, reconstruction!, width, height);
        var maskPng = mask is null ? null : RgbImage.MaskToPng(mask.Values, mask.Width, mask.Height, sourceWidth, sourceHeight);
        return new EditedImage(png, maskPng);
    }

    /// <summary>Runs one job's step; what stops that job alone becomes its outcome, anything else (a broken model) stops them all.</summary>
    private static EditOutcome? Attempt(Action step)
    {
        try
        {
            step();
            return null;
        }
        catch (Exception e) when (e is EditRefusedException or InvalidDataException or ArgumentException or IOException or FormatException)
        {
            return new EditOutcome(null, e);
        }
    }

    private float[] Decode(Latent latent, int width, int height)
    {
        var pixels = Model.Vae.Decode(latent, out int decodedHeight, out int decodedWidth);
        if (decodedHeight != height || decodedWidth != width)
            throw new InvalidDataException($"{Model.Models.Layout.VaeDecoder}: decoded {decodedWidth}×{decodedHeight}, expected {width}×{height}");
        return pixels;
    }

    /// <summary>
    /// The source's DDIM inversion under its caption at guidance 1 (<see cref="DdimPaths.Invert"/>): the same for every edit
    /// of one source, so computed once per source and plan. The levels are shared: a method copies one before changing it.
    /// </summary>
    private protected float[][] InvertSource(DdimScheduler ddim, Latent clean, string caption, int[] plan) =>
        inversions.GetOrCompute(clean.Values, $"{caption}\n{string.Join(',', plan)}",
            () => DdimPaths.Invert(ddim, new TextGuidedUnet(Model, clean.Height, clean.Width, caption, 1.0), plan, clean.Values));

    /// <summary>The method: the edited latent, and the latent-resolution mask of what it changed when it knows one.</summary>
    internal (Latent Edited, LatentMask? Mask) Edit(EditRequest request) => Begin(request).RunAlone(Model);

    /// <summary>
    /// The method up to its last denoising walk, which is left to run in a batch with other edits' walks; a method without
    /// such a walk runs whole here (<see cref="PendingEdit.Done"/>).
    /// </summary>
    internal abstract PendingEdit Begin(EditRequest request);

    public void Dispose()
    {
        if (ownsModel) Model.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>One edit as a method sees it: the resized image [3, H, W] in [−1, 1], its latent, the captions, the seed and the source's class.</summary>
internal sealed record EditRequest(float[] Image, int Width, int Height, Latent Latent, Edit Edit, int Seed, string Subject = "");

/// <summary>
/// A method's edit before its last denoising walk (<see cref="Denoise"/>, run by <see cref="BatchDenoising"/>), or already
/// done; <see cref="Finish"/> gives the edited latent and the mask once the walk has run.
/// </summary>
internal sealed class PendingEdit
{
    private readonly Func<(Latent Edited, LatentMask? Mask)> finish;

    private PendingEdit(DenoiseJob? denoise, Func<(Latent, LatentMask?)> finish) => (Denoise, this.finish) = (denoise, finish);

    public DenoiseJob? Denoise { get; }

    public static PendingEdit Done((Latent Edited, LatentMask? Mask) result) => new(null, () => result);

    /// <summary>The walk, and the edit it gives once it has run: <paramref name="clean"/> with the walked latent, and the mask.</summary>
    public static PendingEdit Walk(DenoiseJob denoise, Latent clean, LatentMask? mask) => new(denoise, () => (clean with { Values = denoise.Latent }, mask));

    public (Latent Edited, LatentMask? Mask) Finish() => finish();

    /// <summary>Runs the walk alone (an editor's single edit) and gives the result.</summary>
    public (Latent Edited, LatentMask? Mask) RunAlone(StableDiffusion model)
    {
        if (Denoise is not null) BatchDenoising.Run(model, [Denoise]);
        return Finish();
    }
}

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
