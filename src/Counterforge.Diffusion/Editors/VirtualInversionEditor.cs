using System.Globalization;
using Counterforge.Diffusion.Pipeline;
using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Editors;

/// <summary>
/// Virtual-inversion editing: the hook-free core of InfEdit's DDCM sampler (Xu et al. 2024). No inversion pass: a
/// source branch is re-noised from the known clean latent z0 at every step, a target branch runs beside it with the
/// same noise, and the target's clean estimate is z0 corrected by what the target branch does differently,
/// x̂0 = z0 + ((x_t − x_s) − √(1−ᾱ)·(ε_t − ε_s)) / √ᾱ. Both branches share one batched UNet run per step.
/// What it preserves: with equal captions and guidances the branches coincide and the source latent comes back
/// exactly; otherwise only what the captions' predictions differ on moves (InfEdit adds attention control on top,
/// which needs hooks an exported graph hides). Defaults: LCM plan, 15 steps, target guidance 2, source guidance 1,
/// η 1 (InfEdit's LCM setting); with <see cref="SamplerKind.Ddim"/>: 50 steps, guidance 7.5.
/// </summary>
public sealed class VirtualInversionEditor(StableDiffusion model, DiffusionEditorOptions options, bool ownsModel = false)
    : DiffusionEditor(model, options, ownsModel)
{
    public override string Name => "virtual-inversion";

    private SamplerKind Sampler => Options.Sampler ?? SamplerKind.Lcm;
    private int Steps => Options.Steps ?? (Sampler == SamplerKind.Lcm ? 15 : 50);
    private double Guidance => Options.Guidance ?? (Sampler == SamplerKind.Lcm ? 2.0 : 7.5);
    private double Strength => Options.Strength ?? 1.0;

    protected override string MethodKey =>
        string.Create(CultureInfo.InvariantCulture, $"{Sampler}:{Steps}:{Guidance:R}:{Options.SourceGuidance:R}:{Options.Eta:R}:{Strength:R}");

    internal int[] Plan() => Sampler switch
    {
        SamplerKind.Lcm => new LcmScheduler(Model.Schedule).TimestepsForStrength(Steps, Strength),
        SamplerKind.Ddim => Model.Schedule.TimestepsForStrength(Steps, Strength),
        _ => throw new ArgumentException($"{Name} walks an lcm or ddim plan, not {Sampler}"),
    };

    internal override (Latent Edited, LatentMask? Mask) Edit(EditRequest request)
    {
        if (!(Options.Eta is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(Options), Options.Eta, "η must lie in [0, 1]");
        var clean = request.Latent;
        var plan = Plan();
        if (plan.Length == 0) return (clean, null);
        var branches = new DdcmBranches(Model, clean, request.Edit.Original, request.Edit.Edited, Options.SourceGuidance, Guidance);
        var noise = new GaussianNoise(request.Seed);
        int length = clean.Length;
        var fresh = noise.Next(length);
        var source = new float[length];
        new DdimScheduler(Model.Schedule).AddNoise(clean.Values, fresh, plan[0], source);
        var target = (float[])source.Clone();
        var estimate = new float[length];
        for (int i = 0; i < plan.Length; i++)
        {
            int t = plan[i], next = NoiseSchedule.Next(plan, i);
            var (sourceEps, targetEps) = branches.Predict(source, target, t);
            bool last = next == NoiseSchedule.Final;
            if (!last) noise.Fill(fresh);
            Step(clean.Values, source, target, sourceEps, targetEps, t, last ? t : next, last, fresh, estimate);
        }
        return (clean with { Values = estimate }, null);
    }

    /// <summary>One DDCM step; on the last one only the target's clean estimate is kept.</summary>
    private void Step(ReadOnlySpan<float> clean, Span<float> source, Span<float> target, ReadOnlySpan<float> sourceEps, ReadOnlySpan<float> targetEps,
                      int t, int next, bool last, ReadOnlySpan<float> fresh, Span<float> estimate)
    {
        double alphaBar = Model.Schedule.AlphaBar(t), alphaBarNext = Model.Schedule.AlphaBar(next);
        double a = Math.Sqrt(alphaBar), s = Math.Sqrt(1 - alphaBar);
        double variance = Options.Eta * (1 - alphaBarNext);
        double aNext = Math.Sqrt(alphaBarNext), direction = Math.Sqrt(Math.Max(0, 1 - alphaBarNext - variance)), spread = Math.Sqrt(variance);
        for (int i = 0; i < clean.Length; i++)
        {
            double difference = targetEps[i] - sourceEps[i];
            double x0 = clean[i] + (target[i] - source[i] - s * difference) / a;
            estimate[i] = (float)x0;
            if (last) continue;
            // The source branch's own noise, read off its sample: it lies exactly on z0's forward path.
            double sourceNoise = (source[i] - a * clean[i]) / s;
            double shared = direction * (difference + sourceNoise) + spread * fresh[i];
            target[i] = (float)(aNext * x0 + shared);
            source[i] = (float)(aNext * clean[i] + shared);
        }
    }
}
