namespace Counterforge.Diffusion.Schedulers;

/// <summary>
/// A diffusion sampler over flat float latents. Stateless between calls: every step names its own timestep and
/// the next one (plan[i] and <see cref="NoiseSchedule.Next"/>), so one scheduler serves any number of parallel
/// chains (source and target branches, inversion and regeneration). Steps write into caller-provided buffers and
/// allocate nothing; they work element by element, so an output may be the same buffer as an input.
/// </summary>
public interface IScheduler
{
    NoiseSchedule Schedule { get; }

    /// <summary>The descending timesteps of an N-step run.</summary>
    int[] Timesteps(int steps);

    /// <summary>The timesteps an img2img run at this strength goes through (the tail of the N-step plan).</summary>
    int[] TimestepsForStrength(int steps, double strength);

    /// <summary>The standard deviation to scale unit Gaussian noise by to start a plan whose first timestep is given.</summary>
    double InitNoiseSigma(int firstTimestep);

    /// <summary>The UNet input for a sample at a timestep (identity for DDIM, ÷√(σ²+1) for Euler).</summary>
    void ScaleModelInput(ReadOnlySpan<float> sample, int timestep, Span<float> destination);

    /// <summary>
    /// One denoising step from <paramref name="timestep"/> to <paramref name="previousTimestep"/>
    /// (<see cref="NoiseSchedule.Final"/> for the last one), interpreting the model output per the config's
    /// prediction type. <paramref name="predictedOriginal"/> (x̂0) may be empty when not wanted.
    /// </summary>
    void Step(ReadOnlySpan<float> modelOutput, int timestep, int previousTimestep, ReadOnlySpan<float> sample,
              Span<float> previousSample, Span<float> predictedOriginal);

    /// <summary>The forward process: a clean sample noised to a timestep, in this scheduler's sample space.</summary>
    void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int timestep, Span<float> destination);
}
