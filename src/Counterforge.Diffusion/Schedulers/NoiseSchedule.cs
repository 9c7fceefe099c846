namespace Counterforge.Diffusion.Schedulers;

/// <summary>
/// The training noise schedule of a config: ᾱ_t = Π(1 − β_s) for every training timestep, in float64 (float32,
/// as diffusers uses, is off by ~1e-7 relative at t = 999), and the inference timestep plans built from it.
/// Immutable and shared by all schedulers of a model set.
/// </summary>
public sealed class NoiseSchedule
{
    /// <summary>Stands for "after the last denoising step" (the clean level) in a plan; see <see cref="FinalAlphaBar"/>.</summary>
    public const int Final = -1;

    private readonly double[] alphaBars;

    public NoiseSchedule(SchedulerConfig config)
    {
        Config = config;
        alphaBars = AlphaBars(config);
        FinalAlphaBar = config.SetAlphaToOne ? 1.0 : alphaBars[0];
    }

    public SchedulerConfig Config { get; }

    public int TrainTimesteps => alphaBars.Length;

    /// <summary>ᾱ of the clean end of the chain: 1 with set_alpha_to_one, else ᾱ_0 (what SD uses).</summary>
    public double FinalAlphaBar { get; }

    /// <summary>ᾱ_t; <see cref="Final"/> (or any negative t) gives <see cref="FinalAlphaBar"/>.</summary>
    public double AlphaBar(int t) => t >= 0 ? alphaBars[t] : FinalAlphaBar;

    /// <summary>The Karras/Euler noise level σ_t = √((1 − ᾱ_t)/ᾱ_t); 0 at <see cref="Final"/>.</summary>
    public double Sigma(int t) => t >= 0 ? Math.Sqrt((1 - alphaBars[t]) / alphaBars[t]) : 0.0;

    /// <summary>
    /// The descending timesteps of an N-step plan under the config's spacing, as diffusers' DDIM computes them
    /// (leading: i·⌊N_train/N⌋ + steps_offset; trailing: round(N_train − i·N_train/N) − 1; linspace: rounded).
    /// Rounding is half-to-even like numpy.
    /// </summary>
    public int[] Timesteps(int steps)
    {
        int n = TrainTimesteps;
        if (steps < 1 || steps > n) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"steps must lie in [1, {n}]");
        var plan = new int[steps];
        for (int i = 0; i < steps; i++)
        {
            int k = steps - 1 - i; // plan[i] is the k-th timestep counted from the clean end
            plan[i] = Config.TimestepSpacing switch
            {
                TimestepSpacing.Leading => k * (n / steps) + Config.StepsOffset,
                TimestepSpacing.Trailing => (int)Math.Round(n - i * ((double)n / steps)) - 1,
                TimestepSpacing.Linspace => steps == 1 ? 0 : (int)Math.Round(k * (n - 1.0) / (steps - 1)),
                _ => throw new InvalidOperationException(Config.TimestepSpacing.ToString()),
            };
        }
        if (plan[0] >= n || plan[^1] < 0)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"steps_offset {Config.StepsOffset} pushes the plan outside [0, {n})");
        return plan;
    }

    /// <summary>
    /// The tail of the N-step plan that img2img (SDEdit, DiffEdit's encode) runs for a strength in [0, 1]:
    /// the last ⌊N·strength⌋ timesteps. The product is taken in double on purpose — in float32 50·0.58 rounds up
    /// to 29 steps, diffusers (Python floats) gives 28.
    /// </summary>
    public int[] TimestepsForStrength(int steps, double strength)
    {
        if (!(strength >= 0 && strength <= 1)) throw new ArgumentOutOfRangeException(nameof(strength), strength, "strength must lie in [0, 1]");
        var plan = Timesteps(steps);
        int kept = Math.Min((int)(steps * strength), steps);
        return plan[(steps - kept)..];
    }

    /// <summary>The timestep after plan[index]: the next entry, or <see cref="Final"/> after the last.</summary>
    public static int Next(ReadOnlySpan<int> plan, int index) => index + 1 < plan.Length ? plan[index + 1] : Final;

    private static double[] AlphaBars(SchedulerConfig c)
    {
        int n = c.NumTrainTimesteps;
        var result = new double[n];
        double product = 1.0;
        double lo = c.BetaSchedule == BetaSchedule.ScaledLinear ? Math.Sqrt(c.BetaStart) : c.BetaStart;
        double hi = c.BetaSchedule == BetaSchedule.ScaledLinear ? Math.Sqrt(c.BetaEnd) : c.BetaEnd;
        for (int i = 0; i < n; i++)
        {
            double b = lo + (hi - lo) * i / (n - 1);
            double beta = c.BetaSchedule == BetaSchedule.ScaledLinear ? b * b : b;
            product *= 1.0 - beta;
            result[i] = product;
        }
        return result;
    }
}
