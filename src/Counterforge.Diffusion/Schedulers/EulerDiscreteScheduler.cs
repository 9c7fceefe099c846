namespace Counterforge.Diffusion.Schedulers;

/// <summary>
/// diffusers' EulerDiscreteScheduler (Karras et al. 2022, Algorithm 2 without churn): samples live in
/// x = x0 + σ·ε space with σ_t = √((1−ᾱ_t)/ᾱ_t), the model sees x/√(σ²+1) (= the DDIM-space sample), and each step
/// is one Euler move of dx/dσ = (x − x̂0)/σ down to the next σ (0 after the last step).
/// Timesteps are integers: for "linspace" spacing diffusers' Euler uses fractional timesteps with interpolated σ;
/// here they are rounded like DDIM's (the σ difference is below 0.1 % per step).
/// </summary>
public sealed class EulerDiscreteScheduler(NoiseSchedule schedule) : IScheduler
{
    public EulerDiscreteScheduler(SchedulerConfig config) : this(new NoiseSchedule(config)) { }

    public NoiseSchedule Schedule { get; } = schedule;

    public int[] Timesteps(int steps) => Schedule.Timesteps(steps);

    public int[] TimestepsForStrength(int steps, double strength) => Schedule.TimestepsForStrength(steps, strength);

    /// <summary>
    /// σ of the first timestep for trailing/linspace plans, √(σ²+1) for leading ones — diffusers' rule, kept so that
    /// latents drawn with the same seed match a diffusers run.
    /// </summary>
    public double InitNoiseSigma(int firstTimestep)
    {
        double sigma = Schedule.Sigma(firstTimestep);
        return Schedule.Config.TimestepSpacing == TimestepSpacing.Leading ? Math.Sqrt(sigma * sigma + 1) : sigma;
    }

    public void ScaleModelInput(ReadOnlySpan<float> sample, int timestep, Span<float> destination)
    {
        SpanChecks.SameLength(sample.Length, destination.Length);
        double sigma = Schedule.Sigma(timestep);
        System.Numerics.Tensors.TensorPrimitives.Multiply(sample, (float)(1 / Math.Sqrt(sigma * sigma + 1)), destination);
    }

    public void Step(ReadOnlySpan<float> modelOutput, int timestep, int previousTimestep, ReadOnlySpan<float> sample,
                     Span<float> previousSample, Span<float> predictedOriginal)
    {
        if (timestep < 0) throw new ArgumentOutOfRangeException(nameof(timestep), timestep, "the step's own timestep must be a training timestep");
        if (previousTimestep >= timestep) throw new ArgumentException($"denoising goes down: {timestep} → {previousTimestep}", nameof(previousTimestep));
        SpanChecks.SameLength(sample.Length, modelOutput.Length, previousSample.Length);
        bool wantX0 = !predictedOriginal.IsEmpty;
        if (wantX0) SpanChecks.SameLength(sample.Length, predictedOriginal.Length);

        double sigma = Schedule.Sigma(timestep), dt = Schedule.Sigma(previousTimestep) - sigma;
        double scale = Math.Sqrt(sigma * sigma + 1);
        // x̂0 = fromSample·x + fromOutput·m, in Euler space (diffusers' formulas for ε and v).
        (double fromSample, double fromOutput) = Schedule.Config.PredictionType switch
        {
            PredictionType.Epsilon => (1.0, -sigma),
            PredictionType.VPrediction => (1 / (scale * scale), -sigma / scale),
            var other => throw new InvalidOperationException(other.ToString()),
        };
        if (!wantX0)
        {
            // x' = x + (x − x̂0)/σ·dt is linear in (x, m): one fused pass.
            Elementwise.Combine(sample, (float)(1 + (1 - fromSample) * dt / sigma), modelOutput, (float)(-fromOutput * dt / sigma), previousSample);
            return;
        }
        for (int i = 0; i < sample.Length; i++)
        {
            double x = sample[i];
            double x0 = fromSample * x + fromOutput * modelOutput[i];
            double derivative = (x - x0) / sigma;
            previousSample[i] = (float)(x + derivative * dt);
            if (wantX0) predictedOriginal[i] = (float)x0;
        }
    }

    /// <summary>x = x0 + σ_t·noise.</summary>
    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int timestep, Span<float> destination)
    {
        Elementwise.Combine(original, 1f, noise, (float)Schedule.Sigma(timestep), destination);
    }
}
