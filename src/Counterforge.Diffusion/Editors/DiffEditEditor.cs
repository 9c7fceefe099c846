using System.Globalization;
using Counterforge.Diffusion.Pipeline;
using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Editors;

/// <summary>
/// DiffEdit (Couairon et al. 2022): a mask from where the two captions' noise predictions disagree, DDIM encoding of
/// the source to the inpaint strength under the source caption, then DDIM decoding under the edited caption in which
/// the latent outside the mask follows the source's inverted path at every step. What it preserves: outside the mask
/// the result is the source's VAE reconstruction exactly; the mask is returned with the image. Published defaults:
/// 50 steps, guidance 7.5, 10 noise draws, mask encode strength 0.5 (t = 481), clip ratio 3, threshold 0.5,
/// inpaint strength 0.8 (40 steps, 781 → 1). DDIM only.
/// </summary>
public sealed class DiffEditEditor(StableDiffusion model, DiffusionEditorOptions options, bool ownsModel = false)
    : DiffusionEditor(model, options, ownsModel)
{
    public override string Name => "diffedit";

    public override string Preserves => (Options.KeepSourceDetail
        ? "Everything outside the mask (returned with the image) is the source's own pixels."
        : "Everything outside the mask (returned with the image) is the source's VAE reconstruction.")
        + (Options.ProtectSubject ? " An edit that leaves the subject's words alone keeps the subject's own pixels and redraws the rest." : "");

    private readonly SourceMemo<LatentMask> subjectMasks = new(1L << 22, mask => mask.Values.Length);

    private int Steps => Options.Steps ?? 50;
    private double Guidance => Options.Guidance ?? 7.5;
    private double InpaintStrength => Options.Strength ?? 0.8;

    /// <summary>2: with KeepSourceDetail, the source's pixels outside the mask instead of source + change everywhere; 3: with
    /// ProtectSubject, an edit of the subject's words re-tints it (source + change inside the mask); 4: the subject is found
    /// against the caption without its whole phrase, not without its class word alone.</summary>
    protected override int Version => 4;

    protected override string MethodKey => string.Create(CultureInfo.InvariantCulture, $"{Steps}:{Guidance:R}:{InpaintStrength:R}");

    /// <summary>The timestep the mask is computed at and the inpainting plan, from the step count and the two strengths.</summary>
    public static (int MaskTimestep, int[] InpaintPlan) Plan(NoiseSchedule schedule, int steps, double maskEncodeStrength, double inpaintStrength)
    {
        var maskPlan = schedule.TimestepsForStrength(steps, maskEncodeStrength);
        if (maskPlan.Length == 0) throw new ArgumentOutOfRangeException(nameof(maskEncodeStrength), maskEncodeStrength, $"DiffEdit's mask encode strength leaves no timestep at {steps} steps");
        return (maskPlan[0], schedule.TimestepsForStrength(steps, inpaintStrength));
    }

    /// <summary>The published mask, or with <see cref="DiffusionEditorOptions.ProtectSubject"/> everything but the subject when the edit leaves it alone.</summary>
    private LatentMask MaskOf(EditRequest request, int maskTimestep)
    {
        var masks = new DiffEditMask(Model, Options);
        var noise = new GaussianNoise(request.Seed);
        var subject = Options.ProtectSubject ? SubjectPhrase.Find(request.Edit.Original, request.Subject) : null;
        if (subject is null) return masks.Compute(request.Latent, request.Edit.Original, request.Edit.Edited, maskTimestep, noise);
        // An edit of the subject's words (its colour) re-tints the subject: its outline and texture are the source's.
        if (subject.IsEditedBy(request.Edit.Edited))
            return masks.Compute(request.Latent, request.Edit.Original, request.Edit.Edited, maskTimestep, noise) with { RetintsSubject = true };
        // Against the caption without the subject's whole phrase ("a on grass"), not without its class word alone ("a large red
        // on grass"): a small model knows a subject's colour far better than its shape, so the colour word is what shows where
        // the subject is (bench subject-mask, seed 11: 190 of 200 subjects kept whole instead of 157). The published threshold finds
        // the subject's core; one cell more each way covers its outline.
        // Every edit of one source that keeps the subject keeps the same one: found once per source and seed.
        return subjectMasks.GetOrCompute(request.Latent.Values, $"{request.Edit.Original}\n{subject.WithoutPhrase}\n{maskTimestep}\n{request.Seed}", () =>
        {
            var found = masks.Compute(request.Latent, request.Edit.Original, subject.WithoutPhrase, maskTimestep, noise);
            return found with { Values = Grow(found).Select(v => 1f - v).ToArray(), KeepsSubject = true };
        });
    }

    /// <summary>The mask grown by one latent cell in all eight directions.</summary>
    internal static float[] Grow(LatentMask mask)
    {
        var grown = new float[mask.Values.Length];
        for (int y = 0; y < mask.Height; y++)
            for (int x = 0; x < mask.Width; x++)
            {
                float most = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int ny = y + dy, nx = x + dx;
                        if (ny >= 0 && ny < mask.Height && nx >= 0 && nx < mask.Width) most = Math.Max(most, mask.Values[ny * mask.Width + nx]);
                    }
                grown[y * mask.Width + x] = most;
            }
        return grown;
    }

    internal override PendingEdit Begin(EditRequest request)
    {
        DiffusionEditors.RequireDdim(Name, Options);
        var clean = request.Latent;
        var (maskTimestep, plan) = Plan(Model.Schedule, Steps, Options.MaskEncodeStrength, InpaintStrength);
        var mask = MaskOf(request, maskTimestep);
        if (plan.Length == 0) return PendingEdit.Done((clean, mask));
        var ddim = new DdimScheduler(Model.Schedule);
        var levels = InvertSource(ddim, clean, request.Edit.Original, plan);
        // A kept subject is pasted back from the source afterwards: the whole latent is regenerated, so the new background is
        // not drawn to continue the old one around the subject, under the edited caption without the subject's phrase, so
        // no second, blurred subject is drawn to show around the pasted one.
        var caption = mask.KeepsSubject ? SubjectPhrase.Find(request.Edit.Edited, request.Subject)?.WithoutPhrase ?? request.Edit.Edited : request.Edit.Edited;
        var walk = new DenoiseJob(ddim, plan, caption, Guidance, (float[])levels[0].Clone(), clean.Height, clean.Width,
            mask.KeepsSubject ? null : levels, mask.KeepsSubject ? null : mask.Values);
        return PendingEdit.Walk(walk, clean, mask);
    }
}
