using System.Globalization;
using Counterforge.Diffusion.Models;

namespace Counterforge.Diffusion.Editors;

/// <summary>Which sampler walks the timesteps (editors that need DDIM's exact inverse accept only <see cref="Ddim"/>).</summary>
public enum SamplerKind
{
    Ddim,
    Euler,
    /// <summary>Latent-consistency sampling: few steps, for LCM-distilled UNets.</summary>
    Lcm,
}

/// <summary>
/// Settings of the diffusion editors. A null setting takes the editor's published default (see each editor);
/// every setting is part of the editors' <c>ConfigKey</c>.
/// </summary>
public sealed record DiffusionEditorOptions
{
    /// <summary>Mixed with the source image's id: every edit of one image starts from the same noise.</summary>
    public int Seed { get; init; }
    public int? Steps { get; init; }
    /// <summary>Text guidance scale (classifier-free guidance weight).</summary>
    public double? Guidance { get; init; }
    /// <summary>How far into the noise an image is taken before regenerating, in [0, 1].</summary>
    public double? Strength { get; init; }
    public SamplerKind? Sampler { get; init; }

    /// <summary>InstructPix2Pix: image guidance scale s_I.</summary>
    public double ImageGuidance { get; init; } = 1.5;

    /// <summary>DiffEdit: noise draws averaged for the mask.</summary>
    public int MaskNoiseDraws { get; init; } = 10;
    /// <summary>DiffEdit: how far the latent is noised to compare the two captions' predictions.</summary>
    public double MaskEncodeStrength { get; init; } = 0.5;
    /// <summary>DiffEdit: the difference map is clipped at this multiple of its mean, then rescaled to [0, 1].</summary>
    public double MaskThresholdRatio { get; init; } = 3.0;
    /// <summary>DiffEdit: the rescaled map above this is the mask.</summary>
    public double MaskThreshold { get; init; } = 0.5;

    /// <summary>Virtual inversion: guidance of the source branch.</summary>
    public double SourceGuidance { get; init; } = 1.0;
    /// <summary>Virtual inversion: DDCM's η (1 = fresh noise each step, InfEdit's setting; 0 = deterministic path).</summary>
    public double Eta { get; init; } = 1.0;

    /// <summary>
    /// Return the source plus the model's change instead of the decoded image: source + (decode(edited) −
    /// decode(encode(source))), the change brought to the source's size. Where the method changed nothing the source's
    /// own pixels come back (the autoencoder's blur and a small model's resolution cancel out); where it changed
    /// something, the pixels move by what it changed. A method that computes a mask (DiffEdit) instead returns its
    /// decoded image inside the mask and the source's own pixels outside it, feathered over one latent cell (Blended
    /// Latent Diffusion's background preservation). Off by default: the published methods return the decoded image.
    /// </summary>
    public bool KeepSourceDetail { get; init; }

    /// <summary>
    /// DiffEdit: keep the class subject when an edit does not touch the words describing it. The subject is found as
    /// DiffEdit finds any local change, from where the caption's prediction differs from the same caption without the
    /// subject's phrase (the source's class name and the words describing it), grown by one latent cell; for an edit of the rest of the caption
    /// (background, weather, time of day; the null edit too, so the control goes through the same regeneration) the whole
    /// image is redrawn under the edited caption without the subject's phrase and the source's subject is pasted into
    /// it (its pixels, the frame of old background around it taken by colour). Off by default: the published mask
    /// compares the two captions only.
    /// </summary>
    public bool ProtectSubject { get; init; }

    /// <summary>Longer side images are brought to, a multiple of 8; null uses the model set's size.</summary>
    public int? Resolution { get; init; }
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <summary>Every setting in a fixed invariant form, for cache keys.</summary>
    public string Key => string.Join(";",
        $"seed={Seed}", $"steps={Text(Steps)}", $"guidance={Text(Guidance)}", $"strength={Text(Strength)}",
        $"sampler={Sampler?.ToString().ToLowerInvariant() ?? "default"}", $"image-guidance={Text(ImageGuidance)}",
        $"mask-draws={MaskNoiseDraws}", $"mask-encode={Text(MaskEncodeStrength)}", $"mask-ratio={Text(MaskThresholdRatio)}",
        $"mask-threshold={Text(MaskThreshold)}", $"source-guidance={Text(SourceGuidance)}", $"eta={Text(Eta)}",
        $"resolution={Text(Resolution)}", $"device={Device.ToString().ToLowerInvariant()}") + (KeepSourceDetail ? ";keep-source-detail" : "") + (ProtectSubject ? ";protect-subject" : "");

    private static string Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "default";
}
