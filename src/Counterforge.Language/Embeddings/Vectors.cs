namespace Counterforge.Language.Embeddings;

/// <summary>The few vector operations the embedders, the CLIP filter and clustering share.</summary>
public static class Vectors
{
    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"vectors of length {a.Length} and {b.Length}");
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }

    public static double Norm(ReadOnlySpan<float> a) => Math.Sqrt(Dot(a, a));

    /// <summary>Cosine similarity; 0 when either vector is zero (a blank image, an empty difference), which then fails any positive threshold.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double norms = Norm(a) * Norm(b);
        return norms == 0 ? 0 : Dot(a, b) / norms;
    }

    public static float[] Normalized(float[] a)
    {
        double norm = Norm(a);
        return norm == 0 ? (float[])a.Clone() : a.Select(v => (float)(v / norm)).ToArray();
    }

    public static float[] Difference(float[] a, float[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"vectors of length {a.Length} and {b.Length}");
        var d = new float[a.Length];
        for (int i = 0; i < a.Length; i++) d[i] = a[i] - b[i];
        return d;
    }

    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; sum += d * d; }
        return sum;
    }
}
