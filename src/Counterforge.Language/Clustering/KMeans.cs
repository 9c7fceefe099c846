using Counterforge.Language.Embeddings;

namespace Counterforge.Language.Clustering;

/// <summary>
/// Seeded k-means as scikit-learn runs it: <see cref="Restarts"/> runs of k-means++ seeding and Lloyd iterations (until no
/// point changes cluster, at most 100 rounds), keeping the run with the least within-cluster squared distance.
/// </summary>
public static class KMeans
{
    public const int MaxIterations = 100;
    public const int Restarts = 10;

    /// <returns>Each point's cluster and each cluster's centre; k is lowered to the number of distinct points.</returns>
    public static (int[] Assignment, float[][] Centres) Fit(IReadOnlyList<float[]> points, int k, int seed)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "at least one cluster");
        if (points.Count == 0) return ([], []);
        var random = new Random(seed);
        return Enumerable.Range(0, Restarts).Select(_ => Once(points, k, random))
            .MinBy(run => Enumerable.Range(0, points.Count).Sum(i => Vectors.SquaredDistance(points[i], run.Centres[run.Assignment[i]])));
    }

    private static (int[] Assignment, float[][] Centres) Once(IReadOnlyList<float[]> points, int k, Random random)
    {
        var centres = new List<float[]> { points[random.Next(points.Count)] };
        while (centres.Count < Math.Min(k, points.Count))
        {
            var distances = points.Select(p => centres.Min(c => Vectors.SquaredDistance(p, c))).ToArray();
            double total = distances.Sum();
            if (total == 0) break; // every point coincides with a centre already
            double target = random.NextDouble() * total;
            int chosen = 0;
            for (double sum = distances[0]; sum < target && chosen < points.Count - 1; sum += distances[++chosen]) { }
            while (distances[chosen] == 0) chosen = (chosen + 1) % points.Count;
            centres.Add(points[chosen]);
        }

        var assignment = new int[points.Count];
        Array.Fill(assignment, -1);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            bool changed = false;
            for (int i = 0; i < points.Count; i++)
            {
                int nearest = Nearest(points[i], centres);
                if (nearest != assignment[i]) { assignment[i] = nearest; changed = true; }
            }
            if (!changed) break;
            for (int c = 0; c < centres.Count; c++)
            {
                var members = Enumerable.Range(0, points.Count).Where(i => assignment[i] == c).ToList();
                if (members.Count == 0) continue; // an emptied cluster keeps its centre
                var mean = new float[points[0].Length];
                foreach (var m in members) for (int d = 0; d < mean.Length; d++) mean[d] += points[m][d] / members.Count;
                centres[c] = mean;
            }
        }
        return (assignment, centres.ToArray());
    }

    public static int Nearest(float[] point, IReadOnlyList<float[]> centres)
    {
        int best = 0;
        for (int c = 1; c < centres.Count; c++)
            if (Vectors.SquaredDistance(point, centres[c]) < Vectors.SquaredDistance(point, centres[best])) best = c;
        return best;
    }
}
