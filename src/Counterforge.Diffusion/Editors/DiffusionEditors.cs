using Counterforge.Diffusion.Pipeline;

namespace Counterforge.Diffusion.Editors;

/// <summary>The diffusion editors by name: <c>generate --editor NAME --models DIR</c>.</summary>
public static class DiffusionEditors
{
    public const string SdEdit = "sdedit";
    public const string DdimInversion = "ddim-inversion";
    public const string DiffEdit = "diffedit";
    public const string InstructPix2Pix = "instruct-pix2pix";
    public const string VirtualInversion = "virtual-inversion";

    /// <summary>Every editor name <see cref="Create(string, string, DiffusionEditorOptions)"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [SdEdit, DdimInversion, DiffEdit, InstructPix2Pix, VirtualInversion];

    /// <summary>
    /// Opens the model set (sessions created once, signatures checked: a <see cref="ModelSetException"/> names the bad
    /// file) and returns the named editor, which owns the model and releases it on Dispose.
    /// </summary>
    public static DiffusionEditor Create(string name, string modelSetDirectory, DiffusionEditorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Names.Contains(name)) throw new ArgumentException($"unknown diffusion editor '{name}'; known: {string.Join(", ", Names)}", nameof(name));
        var model = StableDiffusion.Load(modelSetDirectory, options.Device, options.Resolution);
        try
        {
            return Create(name, model, options, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The named editor over an already opened model (several editors may share one; the caller disposes it).</summary>
    public static DiffusionEditor Create(string name, StableDiffusion model, DiffusionEditorOptions options, bool ownsModel = false) => name switch
    {
        SdEdit => new SdEditEditor(model, options, ownsModel),
        DdimInversion => new DdimInversionEditor(model, options, ownsModel),
        DiffEdit => new DiffEditEditor(model, options, ownsModel),
        InstructPix2Pix => new InstructPix2PixEditor(model, options, ownsModel),
        VirtualInversion => new VirtualInversionEditor(model, options, ownsModel),
        _ => throw new ArgumentException($"unknown diffusion editor '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };

    internal static void RequireDdim(string editor, DiffusionEditorOptions options)
    {
        if (options.Sampler is { } sampler && sampler != SamplerKind.Ddim)
            throw new ArgumentException($"{editor} relies on DDIM's exact inverse; sampler {sampler.ToString().ToLowerInvariant()} is not supported");
    }
}
