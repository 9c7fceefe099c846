namespace Counterforge.Vision.Editing;

/// <summary>Settings of the composite editor.</summary>
/// <param name="Seed">With the edit id, picks the bank image for each background edit.</param>
/// <param name="FeatherSigma">Gaussian blur of the mask edge in pixels; null scales it with the image (0.4 % of the shorter side, at least 1).</param>
public sealed record CompositeOptions(int Seed = 0, double? FeatherSigma = null)
{
    public double SigmaFor(int width, int height) => FeatherSigma ?? Math.Max(1.0, 0.004 * Math.Min(width, height));
}
