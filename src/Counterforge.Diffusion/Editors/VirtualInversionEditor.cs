using System.Globalization;
using Counterforge.Diffusion.Pipeline;
using System.Numerics.Tensors;
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

    public override string Preserves => "The source latent exactly where (and when) the two captions' predictions agree; only what they differ on moves.";

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

    /// <summary>Its sampling loop is its own (several branches a step), so it runs whole, never in a shared batch.</summary>
    internal override PendingEdit Begin(EditRequest request) => PendingEdit.Done(EditWhole(request));

    private (Latent Edited, LatentMask? Mask) EditWhole(EditRequest request)
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
        float a = (float)Math.Sqrt(alphaBar), s = (float)Math.Sqrt(1 - alphaBar);
        double variance = Options.Eta * (1 - alphaBarNext);
        float aNext = (float)Math.Sqrt(alphaBarNext), direction = (float)Math.Sqrt(Math.Max(0, 1 - alphaBarNext - variance)), spread = (float)Math.Sqrt(variance);
        const int chunk = 512;
        Span<float> difference = stackalloc float[chunk], shared = stackalloc float[chunk];
        for (int start = 0; start < clean.Length; start += chunk)
        {
            int n = Math.Min(chunk, clean.Length - start);
            var z0 = clean.Slice(start, n);
            var xs = source.Slice(start, n);
            var xt = target.Slice(start, n);
            var x0 = estimate.Slice(start, n);
            var d = difference[..n];
            TensorPrimitives.Subtract(targetEps.Slice(start, n), sourceEps.Slice(start, n), d);
            // x̂0 = z0 + (x_t − x_s)/√ᾱ − (√(1−ᾱ)/√ᾱ)·(ε_t − ε_s): exactly z0 where the branches agree.
            TensorPrimitives.Subtract(xt, xs, x0);
            TensorPrimitives.MultiplyAdd(x0, 1 / a, z0, x0);
            TensorPrimitives.MultiplyAdd(d, -s / a, x0, x0);
            if (last) continue;
            // The source branch's own noise, read off its sample (it lies exactly on z0's forward path), plus the
            // target's deviation, along the shared direction, plus fresh noise; both branches take the same term.
            var common = shared[..n];
            Elementwise.Combine(xs, 1 / s, z0, -a / s, common);
            TensorPrimitives.Add(common, d, common);
            TensorPrimitives.Multiply(common, direction, common);
            TensorPrimitives.MultiplyAdd(fresh.Slice(start, n), spread, common, common);
            TensorPrimitives.MultiplyAdd(x0, aNext, common, xt);
            TensorPrimitives.MultiplyAdd(z0, aNext, common, xs);
        }
    }
}
