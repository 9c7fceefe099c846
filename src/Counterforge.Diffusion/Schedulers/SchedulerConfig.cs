namespace Counterforge.Diffusion.Schedulers;

/// <summary>
/// The fields of a diffusers <c>scheduler/scheduler_config.json</c> that the DDIM and Euler schedulers use.
/// Defaults are diffusers' DDIMScheduler defaults, used when a field is absent or null.
/// </summary>
public sealed record SchedulerConfig
{
    public int NumTrainTimesteps { get; init; } = 1000;
    public double BetaStart { get; init; } = 0.0001;
    public double BetaEnd { get; init; } = 0.02;
    public BetaSchedule BetaSchedule { get; init; } = BetaSchedule.Linear;
    public PredictionType PredictionType { get; init; } = PredictionType.Epsilon;
    public int StepsOffset { get; init; }
    public TimestepSpacing TimestepSpacing { get; init; } = TimestepSpacing.Leading;
    /// <summary>Whether the level after the last denoising step is ᾱ = 1 (true) or ᾱ_0 (false, SD).</summary>
    public bool SetAlphaToOne { get; init; } = true;
    /// <summary>Whether DDIM clamps its x̂0 estimate to ±<see cref="ClipSampleRange"/> (pixel-space models; SD turns it off).</summary>
    public bool ClipSample { get; init; } = true;
    public double ClipSampleRange { get; init; } = 1.0;
    /// <summary>LCM: the step count of the teacher schedule the consistency model was distilled on (its timesteps' grid).</summary>
    public int OriginalInferenceSteps { get; init; } = 50;
    /// <summary>LCM: the factor on t in the boundary-condition scalings c_skip, c_out.</summary>
    public double TimestepScaling { get; init; } = 10.0;

    /// <summary>Stable Diffusion 1.x's published scheduler config (ε-prediction, scaled_linear, leading, offset 1).</summary>
    public static SchedulerConfig StableDiffusion15 { get; } = new()
    {
        BetaStart = 0.00085,
        BetaEnd = 0.012,
        BetaSchedule = BetaSchedule.ScaledLinear,
        StepsOffset = 1,
        SetAlphaToOne = false,
        ClipSample = false,
    };

    /// <summary>Reads a <c>scheduler_config.json</c>; errors are <see cref="ModelSetException"/>s naming the file and field.</summary>
    public static SchedulerConfig Load(string path) => SchedulerConfigReader.Load(path);

    /// <param name="source">The file name to put in error messages.</param>
    public static SchedulerConfig Parse(string json, string source) => SchedulerConfigReader.Parse(json, source);
}
