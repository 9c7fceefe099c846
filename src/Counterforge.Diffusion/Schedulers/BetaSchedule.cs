namespace Counterforge.Diffusion.Schedulers;

/// <summary>How the per-step noise variances β_t grow over the training timesteps (diffusers' <c>beta_schedule</c>).</summary>
public enum BetaSchedule
{
    /// <summary>β linear from beta_start to beta_end.</summary>
    Linear,
    /// <summary>√β linear from √beta_start to √beta_end, then squared (Stable Diffusion).</summary>
    ScaledLinear,
}

/// <summary>What the UNet predicts (diffusers' <c>prediction_type</c>): SD 1.x predicts ε, SD 2.x (768) predicts v.</summary>
public enum PredictionType
{
    Epsilon,
    /// <summary>v = √ᾱ·ε − √(1−ᾱ)·x0 (Salimans &amp; Ho 2022).</summary>
    VPrediction,
}

/// <summary>How inference timesteps are spread over the training range (diffusers' <c>timestep_spacing</c>).</summary>
public enum TimestepSpacing
{
    /// <summary>0, r, 2r, … (r = N_train / steps, integer), plus steps_offset; never reaches the noisiest step.</summary>
    Leading,
    /// <summary>N_train − 1 downwards in equal (rounded) strides; starts at the noisiest step.</summary>
    Trailing,
    /// <summary>Rounded linspace(0, N_train − 1, steps).</summary>
    Linspace,
}
