using System.Globalization;
using Counterforge.Diffusion.Pipeline;
using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Editors;

/// <summary>
/// DDIM inversion + regeneration: invert the source latent under the source caption (guidance 1) to a strength,
/// then denoise that noise under the edited caption with guidance. What it preserves: with guidance 1 and the same
/// caption the source comes back (up to the inversion's discretisation error); with guidance the path drifts, more
/// the deeper the inversion — null-text inversion, which would correct that, needs per-step optimisation of the text
/// embedding through the UNet's gradients, which an exported inference graph does not give. Defaults: 50 steps,
/// guidance 7.5, strength 0.8 (a full-depth inversion drifts furthest from the source under guidance). DDIM only.
/// </summary>
public sealed class DdimInversionEditor(StableDiffusion model, DiffusionEditorOptions options, bool ownsModel = false)
    : DiffusionEditor(model, options, ownsModel)
{
    public override string Name => "ddim-inversion";

    public override string Preserves => "The source exactly at guidance 1 with the same caption (up to discretisation); layout mostly, drifting with guidance and depth.";

    private int Steps => Options.Steps ?? 50;
    private double Guidance => Options.Guidance ?? 7.5;
    private double Strength => Options.Strength ?? 0.8;

    protected override string MethodKey => string.Create(CultureInfo.InvariantCulture, $"{Steps}:{Guidance:R}:{Strength:R}");

    internal override PendingEdit Begin(EditRequest request)
    {
        DiffusionEditors.RequireDdim(Name, Options);
        var clean = request.Latent;
        var ddim = new DdimScheduler(Model.Schedule);
        var plan = ddim.TimestepsForStrength(Steps, Strength);
        if (plan.Length == 0) return PendingEdit.Done((clean, null));
        var start = (float[])InvertSource(ddim, clean, request.Edit.Original, plan)[0].Clone();
        return PendingEdit.Walk(new DenoiseJob(ddim, plan, request.Edit.Edited, Guidance, start, clean.Height, clean.Width), clean, null);
    }
}
