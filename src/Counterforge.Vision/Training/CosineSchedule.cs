namespace Counterforge.Vision.Training;

/// <summary>Cosine annealing from the base rate towards zero over all steps: lr(t) = base · ½(1 + cos(π t / T)), t = 0..T−1.</summary>
internal static class CosineSchedule
{
    public static double At(double baseRate, int step, int totalSteps) =>
        totalSteps <= 1 ? baseRate : baseRate * 0.5 * (1 + Math.Cos(Math.PI * step / totalSteps));
}
