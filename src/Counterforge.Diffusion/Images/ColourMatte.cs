namespace Counterforge.Diffusion.Images;

/// <summary>
/// Brings a coarse edit mask to pixel resolution where colour allows: a latent cell is 8 pixels wide, so a mask that keeps
/// a subject out keeps a frame of the old background around it too. The colours the mask edits (a few clusters of the
/// source's pixels wholly inside it) are the background's palette; a pixel outside the mask whose colour is as close to
/// that palette as the background's own pixels are is background left behind, and is edited too. A subject that shares
/// the background's colours keeps its frame.
/// </summary>
internal static class ColourMatte
{
    private const int Clusters = 8;
    private const int MaxSamples = 4096;
    private const int Iterations = 10;
    /// <summary>How many times the palette's own spread a colour may lie from it and still be background.</summary>
    private const float SpreadMultiple = 2.5f;
    /// <summary>The least distance that counts as background (5 % of the [−1, 1] range per channel): flat backgrounds have no spread.</summary>
    private const float LeastDistance = 0.1f;
    /// <summary>The most: a background of many colours has a wide spread, and a reach as wide would take the subject too.</summary>
    private const float MostDistance = 0.3f;

    /// <summary>The edit weights [H, W] in [0, 1], extended to the pixels of <paramref name="source"/> [3, H, W] whose colour is the edited region's.</summary>
    public static float[] Extend(float[] source, float[] weight, int width, int height)
    {
        int plane = width * height;
        var inside = Enumerable.Range(0, plane).Where(i => weight[i] >= 0.999f).ToList();
        if (inside.Count < Clusters || inside.Count == plane) return weight;
        int stride = Math.Max(1, inside.Count / MaxSamples);
        var samples = inside.Where((_, n) => n % stride == 0).Select(i => Colour(source, i, plane)).ToList();
        var centres = Palette(samples);
        float spread = MathF.Sqrt(samples.Average(s => Nearest(centres, s)));
        float reach = Math.Clamp(SpreadMultiple * spread, LeastDistance, MostDistance);
        var matched = new float[plane];
        for (int i = 0; i < plane; i++) matched[i] = weight[i] >= 0.999f || Nearest(centres, Colour(source, i, plane)) <= reach * reach ? 1f : 0f;
        var extended = new float[plane];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                if (matched[i] == 0 || weight[i] >= 0.999f)
                {
                    extended[i] = weight[i];
                    continue;
                }
                // A 3×3 mean softens the seam between the kept pixels and the background taken from them.
                float sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int ny = y + dy, nx = x + dx;
                        if (ny < 0 || ny >= height || nx < 0 || nx >= width) continue;
                        sum += matched[ny * width + nx];
                        n++;
                    }
                extended[i] = Math.Max(weight[i], sum / n);
            }
        return extended;
    }

    private static (float R, float G, float B) Colour(float[] chw, int i, int plane) => (chw[i], chw[plane + i], chw[2 * plane + i]);

    /// <summary>k-means from centres spread over the samples ordered by brightness: deterministic for the same pixels.</summary>
    private static (float R, float G, float B)[] Palette(List<(float R, float G, float B)> samples)
    {
        var byBrightness = samples.OrderBy(s => s.R + s.G + s.B).ToList();
        var centres = Enumerable.Range(0, Clusters).Select(k => byBrightness[(2 * k + 1) * byBrightness.Count / (2 * Clusters)]).ToArray();
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            var sums = new (double R, double G, double B, int N)[Clusters];
            foreach (var s in samples)
            {
                int k = NearestIndex(centres, s);
                sums[k] = (sums[k].R + s.R, sums[k].G + s.G, sums[k].B + s.B, sums[k].N + 1);
            }
            for (int k = 0; k < Clusters; k++)
                if (sums[k].N > 0) centres[k] = ((float)(sums[k].R / sums[k].N), (float)(sums[k].G / sums[k].N), (float)(sums[k].B / sums[k].N));
        }
        return centres;
    }

    private static float Nearest((float R, float G, float B)[] centres, (float R, float G, float B) c) => Distance(centres[NearestIndex(centres, c)], c);

    private static int NearestIndex((float R, float G, float B)[] centres, (float R, float G, float B) c)
    {
        int best = 0;
        for (int k = 1; k < centres.Length; k++) if (Distance(centres[k], c) < Distance(centres[best], c)) best = k;
        return best;
    }

    private static float Distance((float R, float G, float B) a, (float R, float G, float B) b) =>
        (a.R - b.R) * (a.R - b.R) + (a.G - b.G) * (a.G - b.G) + (a.B - b.B) * (a.B - b.B);
}
