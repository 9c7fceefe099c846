namespace Counterforge.Diffusion.Pipeline;

/// <summary>Standard normal draws from a seed (Box–Muller over System.Random, whose seeded sequence is fixed across platforms).</summary>
public sealed class GaussianNoise(int seed)
{
    private readonly Random random = new(seed);

    public void Fill(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1)), angle = 2.0 * Math.PI * u2;
            destination[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < destination.Length) destination[i + 1] = (float)(radius * Math.Sin(angle));
        }
    }

    public float[] Next(int count)
    {
        var values = new float[count];
        Fill(values);
        return values;
    }
}
