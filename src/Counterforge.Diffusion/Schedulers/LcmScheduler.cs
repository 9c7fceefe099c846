namespace Counterforge.Diffusion.Schedulers;

/// <summary>
/// diffusers' LCMScheduler (Luo et al. 2023, latent consistency models): few-step sampling on the teacher's
/// <see cref="SchedulerConfig.OriginalInferenceSteps"/>-step grid. Each step maps the sample to the consistency
/// function's clean estimate (x̂0 through the boundary-condition scalings c_skip, c_out) and, unless it is the last
/// step, re-noises that estimate to the next timestep with fresh noise the caller supplies (so runs stay seedable).
/// </summary>
public sealed class LcmScheduler(NoiseSchedule schedule)
{
    private const double SigmaData = 0.5;

    public LcmScheduler(SchedulerConfig config) : this(new NoiseSchedule(config)) { }

    public NoiseSchedule Schedule { get; } = schedule;

    /// <summary>The descending timesteps of an N-step run (4 steps of SD's 50-step grid: 999, 759, 499, 259).</summary>
    public int[] Timesteps(int steps) => TimestepsForStrength(steps, 1.0);

    /// <summary>
    /// The plan of an img2img run: the teacher grid k·c − 1 (k = 1 … ⌊original·strength⌋, c = N_train / original)
    /// read from the noisy end at ⌊linspace(0, len, steps, endpoint=false)⌋.
    /// </summary>
    public int[] TimestepsForStrength(int steps, double strength)
    {
        if (!(strength > 0 && strength <= 1)) throw new ArgumentOutOfRangeException(nameof(strength), strength, "strength must lie in (0, 1]");
        int original = Schedule.Config.OriginalInferenceSteps;
        int stride = Schedule.TrainTimesteps / original;
        int available = (int)(original * strength);
        if (steps < 1 || steps > available)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"an LCM run at strength {strength} takes 1 to {available} steps (the teacher grid has {original})");
        var plan = new int[steps];
        for (int i = 0; i < steps; i++)
        {
            int index = (int)Math.Floor((double)i * available / steps);
            plan[i] = (available - index) * stride - 1;
        }
        return plan;
    }

    /// <summary>c_skip and c_out at a timestep: the consistency function is c_skip·x + c_out·x̂0.</summary>
    public (double Skip, double Out) BoundaryScalings(int timestep)
    {
        double scaled = timestep * Schedule.Config.TimestepScaling;
        double denominator = scaled * scaled + SigmaData * SigmaData;
        return (SigmaData * SigmaData / denominator, scaled / Math.Sqrt(denominator));
    }

    /// <summary>
    /// One LCM step from <paramref name="timestep"/> to <paramref name="nextTimestep"/>: <paramref name="denoised"/> gets the
    /// consistency estimate and <paramref name="nextSample"/> = √ᾱ_next·denoised + √(1−ᾱ_next)·noise, or the
    /// estimate itself after the last step (<paramref name="nextTimestep"/> = <see cref="NoiseSchedule.Final"/>).
    /// </summary>
    public void Step(ReadOnlySpan<float> modelOutput, int timestep, int nextTimestep, ReadOnlySpan<float> sample,
                     ReadOnlySpan<float> noise, Span<float> nextSample, Span<float> denoised)
    {
        if (nextTimestep >= timestep) throw new ArgumentException($"denoising goes down: {timestep} → {nextTimestep}", nameof(nextTimestep));
        SpanChecks.SameLength(sample.Length, modelOutput.Length, nextSample.Length, denoised.Length);
        bool last = nextTimestep == NoiseSchedule.Final;
        if (!last) SpanChecks.SameLength(sample.Length, noise.Length);
        var k = PredictionCoefficients.At(Schedule.Config.PredictionType, Schedule.AlphaBar(timestep));
        var (skip, outScale) = BoundaryScalings(timestep);
        double alphaBarNext = Schedule.AlphaBar(nextTimestep);
        double a = Math.Sqrt(alphaBarNext), s = Math.Sqrt(1 - alphaBarNext);
        for (int i = 0; i < sample.Length; i++)
        {
            double x = sample[i];
            double estimate = outScale * (k.X0FromSample * x + k.X0FromOutput * modelOutput[i]) + skip * x;
            denoised[i] = (float)estimate;
            nextSample[i] = last ? (float)estimate : (float)(a * estimate + s * noise[i]);
        }
    }
}
