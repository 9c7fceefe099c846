namespace Counterforge.Diffusion.Schedulers;

/// <summary>
/// Deterministic DDIM (Song et al. 2021, η = 0) and its exact inverse, the encoder used by DDIM inversion,
/// null-text inversion and DiffEdit. Samples live in x_t = √ᾱ_t·x0 + √(1−ᾱ_t)·ε space, so the initial noise
/// sigma is 1 and the model input is the sample itself.
/// </summary>
public sealed class DdimScheduler(NoiseSchedule schedule) : IScheduler
{
    public DdimScheduler(SchedulerConfig config) : this(new NoiseSchedule(config)) { }

    public NoiseSchedule Schedule { get; } = schedule;

    public int[] Timesteps(int steps) => Schedule.Timesteps(steps);

    public int[] TimestepsForStrength(int steps, double strength) => Schedule.TimestepsForStrength(steps, strength);

    public double InitNoiseSigma(int firstTimestep) => 1.0;

    // CopyTo is a memmove, so destination may be the sample itself.
    public void ScaleModelInput(ReadOnlySpan<float> sample, int timestep, Span<float> destination) => sample.CopyTo(destination);

    /// <summary>x_prev = √ᾱ_prev·x̂0 + √(1−ᾱ_prev)·ε, with x̂0 clamped when the config asks for clip_sample.</summary>
    public void Step(ReadOnlySpan<float> modelOutput, int timestep, int previousTimestep, ReadOnlySpan<float> sample,
                     Span<float> previousSample, Span<float> predictedOriginal)
    {
        if (timestep < 0) throw new ArgumentOutOfRangeException(nameof(timestep), timestep, "the step's own timestep must be a training timestep");
        if (previousTimestep >= timestep) throw new ArgumentException($"denoising goes down: {timestep} → {previousTimestep}", nameof(previousTimestep));
        Move(modelOutput, timestep, previousTimestep, sample, previousSample, predictedOriginal, Schedule.Config.ClipSample);
    }

    /// <summary>
    /// The inverse step: from a sample at level <paramref name="fromTimestep"/> (<see cref="NoiseSchedule.Final"/> for the
    /// clean latent) up to <paramref name="toTimestep"/>: x̂0 from the current level, then
    /// x_next = √ᾱ_next·x̂0 + √(1−ᾱ_next)·ε. Where the model output was evaluated (null-text inversion evaluates at
    /// the target timestep) is the caller's choice. No clipping: inversion must be the step's exact mirror.
    /// </summary>
    public void InverseStep(ReadOnlySpan<float> modelOutput, int fromTimestep, int toTimestep, ReadOnlySpan<float> sample,
                            Span<float> nextSample, Span<float> predictedOriginal = default)
    {
        if (toTimestep <= fromTimestep) throw new ArgumentException($"inversion goes up: {fromTimestep} → {toTimestep}", nameof(toTimestep));
        Move(modelOutput, fromTimestep, toTimestep, sample, nextSample, predictedOriginal, clip: false);
    }

    /// <summary>x_t = √ᾱ_t·x0 + √(1−ᾱ_t)·noise.</summary>
    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int timestep, Span<float> destination)
    {
        SpanChecks.SameLength(original.Length, noise.Length, destination.Length);
        double alphaBar = Schedule.AlphaBar(timestep);
        double a = Math.Sqrt(alphaBar), s = Math.Sqrt(1 - alphaBar);
        // Once per image, not per step: float64 keeps it exactly the forward process the tests check.
        for (int i = 0; i < original.Length; i++) destination[i] = (float)(a * original[i] + s * noise[i]);
    }

    /// <summary>Re-expresses the sample's x̂0 and ε at another level; DDIM's step and inverse step are both this.</summary>
    private void Move(ReadOnlySpan<float> modelOutput, int from, int to, ReadOnlySpan<float> sample,
                      Span<float> destination, Span<float> predictedOriginal, bool clip)
    {
        SpanChecks.SameLength(sample.Length, modelOutput.Length, destination.Length);
        bool wantX0 = !predictedOriginal.IsEmpty;
        if (wantX0) SpanChecks.SameLength(sample.Length, predictedOriginal.Length);
        var k = PredictionCoefficients.At(Schedule.Config.PredictionType, Schedule.AlphaBar(from));
        double alphaBarTo = Schedule.AlphaBar(to);
        double a = Math.Sqrt(alphaBarTo), s = Math.Sqrt(1 - alphaBarTo);
        if (!clip && !wantX0)
        {
            // The step is linear in (x, m): one fused pass in float32 (coefficients from float64).
            Elementwise.Combine(sample, (float)(a * k.X0FromSample + s * k.EpsFromSample), modelOutput,
                                (float)(a * k.X0FromOutput + s * k.EpsFromOutput), destination);
            return;
        }
        double range = Schedule.Config.ClipSampleRange;
        for (int i = 0; i < sample.Length; i++)
        {
            double x = sample[i], m = modelOutput[i];
            double x0 = k.X0FromSample * x + k.X0FromOutput * m;
            double eps = k.EpsFromSample * x + k.EpsFromOutput * m;
            if (clip) x0 = Math.Clamp(x0, -range, range);
            // Read everything at index i before writing it, so outputs may alias inputs.
            destination[i] = (float)(a * x0 + s * eps);
            if (wantX0) predictedOriginal[i] = (float)x0;
        }
    }
}
