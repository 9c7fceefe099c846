namespace Counterforge.Diffusion.Schedulers;

/// <summary>
/// x̂0 and ε as linear functions of the sample x and the model output m at a noise level ᾱ:
/// x̂0 = X0FromSample·x + X0FromOutput·m, ε = EpsFromSample·x + EpsFromOutput·m.
/// Computed once per step in double so the per-element loop is two multiply-adds.
/// </summary>
internal readonly record struct PredictionCoefficients(double X0FromSample, double X0FromOutput, double EpsFromSample, double EpsFromOutput)
{
    /// <param name="alphaBar">The level the sample x is at (DDIM's x_t = √ᾱ·x0 + √(1−ᾱ)·ε).</param>
    public static PredictionCoefficients At(PredictionType type, double alphaBar)
    {
        double a = Math.Sqrt(alphaBar), s = Math.Sqrt(1 - alphaBar);
        return type switch
        {
            // m = ε: x0 = (x − s·ε)/a.
            PredictionType.Epsilon => new(1 / a, -s / a, 0, 1),
            // m = v = a·ε − s·x0: x0 = a·x − s·v, ε = s·x + a·v.
            PredictionType.VPrediction => new(a, -s, s, a),
            _ => throw new InvalidOperationException(type.ToString()),
        };
    }
}
