using System.Text.Json;
using Counterforge.Core.Edits;
using Counterforge.Core.Metrics;
using Counterforge.Language.Clustering;
using Counterforge.Language.Embeddings;
using Counterforge.Language.Perturbation;
using Xunit.Abstractions;

namespace Counterforge.Language.Tests.Clustering;

public sealed class EditClusteringTests(ITestOutputHelper output)
{
    private sealed record Labelled(string Kind, string Class, string Original, string Edited);

    /// <summary>250 caption edits of 5 known kinds (background, weather, color, domain, object) over 10 classes.</summary>
    private static List<(Edit Edit, string Class)> Fixture()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        return File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Clustering", "edits.jsonl"))
            .Select((line, i) => JsonSerializer.Deserialize<Labelled>(line, options)!)
            .Select((l, i) =>
            {
                var diff = WordDiff.Of(l.Original, l.Edited);
                return (new Edit($"e{i}", l.Original, l.Edited, l.Kind, diff.From, diff.To), l.Class);
            }).ToList();
    }

    private static double Purity(IReadOnlyList<EditCluster> clusters, Dictionary<string, string> kindOf) =>
        clusters.Sum(c => c.EditIds.GroupBy(id => kindOf[id]).Max(g => g.Count())) / (double)clusters.Sum(c => c.EditIds.Count);

    [Fact]
    public void Edits_cluster_by_kind_with_purity_of_at_least_0_9_using_MiniLM()
    {
        var fixture = Fixture();
        Assert.True(fixture.Count >= 200);
        Assert.True(fixture.Select(f => f.Edit.Kind).Distinct().Count() >= 5);
        var kindOf = fixture.ToDictionary(f => f.Edit.Id, f => f.Edit.Kind);

        foreach (int seed in new[] { 0, 1, 2 })
        {
            var perClass = EditClustering.Cluster(fixture.Select(f => new ClusterInput(f.Edit, f.Class)).ToList(), MiniLmEmbedder.Instance, k: 10, seed);
            var pooled = EditClustering.Cluster(fixture.Select(f => new ClusterInput(f.Edit, "all")).ToList(), MiniLmEmbedder.Instance, k: 10, seed);

            double perClassPurity = Purity(perClass, kindOf), pooledPurity = Purity(pooled, kindOf);
            output.WriteLine($"seed {seed}: purity per class (10 classes × 25 edits, k = 10) {perClassPurity:0.000}; pooled (250 edits, k = 10) {pooledPurity:0.000}");
            foreach (var c in pooled) output.WriteLine($"  {c.Name} [{c.Kind}] n={c.EditIds.Count} kinds={string.Join(",", c.EditIds.GroupBy(id => kindOf[id]).Select(g => $"{g.Key}:{g.Count()}"))}");
            Assert.True(perClassPurity >= 0.9, $"seed {seed}: per-class purity {perClassPurity:0.000}");
            Assert.True(pooledPurity >= 0.9, $"seed {seed}: pooled purity {pooledPurity:0.000}");
            Assert.Equal(10, perClass.Select(c => c.ClassName).Distinct().Count());
        }
    }

    [Fact]
    public void Each_cluster_is_named_by_a_member_and_carries_the_flip_rate_and_sensitivity_of_its_edits()
    {
        var fixture = Fixture().Where(f => f.Class == "dog").ToList();
        // The classifier is right on every source and flips exactly the background edits.
        var inputs = fixture.Select(f => new ClusterInput(f.Edit, f.Class, new PairOutcome(f.Edit.Id, "src", f.Edit.Kind, f.Edit.From, f.Edit.To, 0,
            [0.9f, 0.1f], f.Edit.Kind == "background" ? [0.3f, 0.7f] : [0.8f, 0.2f]))).ToList();

        var clusters = EditClustering.Cluster(inputs, MiniLmEmbedder.Instance, k: 5, seed: 3);

        Assert.Equal(fixture.Count, clusters.Sum(c => c.EditIds.Count));
        foreach (var cluster in clusters)
        {
            var members = fixture.Where(f => cluster.EditIds.Contains(f.Edit.Id)).ToList();
            Assert.Contains(members, m => m.Edit.Kind == cluster.Kind);
            double backgroundShare = members.Count(m => m.Edit.Kind == "background") / (double)members.Count;
            Assert.Equal(backgroundShare, cluster.Stats.FlipRate.Value, 6);
            Assert.Equal(backgroundShare * 60 + (1 - backgroundShare) * 10, cluster.Stats.Sensitivity, 3);
        }
        Assert.Equal(clusters, EditClustering.Cluster(inputs, MiniLmEmbedder.Instance, k: 5, seed: 3), new ClusterComparer());
    }

    [Fact]
    public void KMeans_is_deterministic_for_a_seed_and_separates_obvious_groups()
    {
        float[][] points = [[0, 0], [0.1f, 0], [0, 0.1f], [5, 5], [5.1f, 5], [5, 5.1f], [5, 5]];
        var (a, centres) = KMeans.Fit(points, 2, seed: 7);
        var (b, _) = KMeans.Fit(points, 2, seed: 7);
        Assert.Equal(a, b);
        Assert.Equal(2, centres.Length);
        Assert.Equal(a[0], a[1]);
        Assert.Equal(a[0], a[2]);
        Assert.All(a.Skip(3), x => Assert.NotEqual(a[0], x));
        Assert.Equal(2, KMeans.Fit([[1, 1], [1, 1], [2, 2]], 10, seed: 1).Centres.Length);
    }

    private sealed class ClusterComparer : IEqualityComparer<EditCluster>
    {
        public bool Equals(EditCluster? x, EditCluster? y) => x!.Name == y!.Name && x.EditIds.SequenceEqual(y.EditIds);
        public int GetHashCode(EditCluster obj) => obj.Name.GetHashCode();
    }
}
