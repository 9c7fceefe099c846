using Counterforge.Core.Data;
using Counterforge.Core.Runs;

namespace Counterforge.Scenes.Tests;

public class SceneDatasetMakerTests
{
    [Fact]
    public void Splits_have_the_default_sizes_and_share_no_image_or_id()
    {
        using var folder = new TempFolder();
        var root = folder.Path;
        var result = SceneDatasetMaker.Make(new SceneDatasetOptions(root, 40) { ImageSize = 32 });
        var dataset = Dataset.Load(root);
        Assert.Equal(SceneGrammar.Classes, dataset.Classes);
        Assert.Equal(new[] { 40, 10, 20, 20, 10 }, Splits.All.Select(s => dataset.InSplit(s).Count()));
        Assert.Equal(dataset.Samples.Count, dataset.Samples.Select(s => s.Id).Distinct().Count());
        Assert.Equal(dataset.Samples.Count, dataset.Samples.Select(s => s.ImagePath).Distinct().Count());
        Assert.Equal(dataset.Samples.Count, result.Written);
        foreach (var sample in dataset.Samples)
        {
            Assert.StartsWith($"{sample.Split}-", sample.Id);
            Assert.Equal($"images/{sample.Split}/{sample.Id}.png", sample.ImagePath);
            Assert.True(File.Exists(dataset.FullPath(sample)));
        }
        Assert.Equal("train-00007", dataset.Samples[7].Id);
        Assert.True(File.Exists(Path.Combine(root, SceneDatasetMaker.InfoFile)));
    }

    [Fact]
    public void Each_sample_records_its_caption_seed_and_attributes_and_its_image_is_that_caption_rendered()
    {
        using var folder = new TempFolder();
        var root = folder.Path;
        var dataset = SceneDatasetMaker.Make(new SceneDatasetOptions(root, 8) { ImageSize = 48, Seed = 3 }).Dataset;
        foreach (var sample in dataset.Samples)
        {
            var spec = SceneGrammar.Parse(sample.Caption!);
            Assert.Equal(spec.Subject, sample.Label);
            Assert.Equal(spec.Attributes(), sample.Attributes);
            Assert.Equal(new[] { "subject", "size", "color", "background", "weather", "time" }, sample.Attributes!.Keys);
            Assert.Equal(SceneRenderer.RenderPng(spec, sample.Seed, 48), File.ReadAllBytes(dataset.FullPath(sample)));
        }
    }

    [Fact]
    public void The_shortcut_holds_at_rate_p_in_train_and_not_in_test_balanced()
    {
        var options = new SceneDatasetOptions("unused", 800) { ShortcutProbability = 0.9, TestBalancedCount = 2000 };
        var samples = SceneDatasetMaker.Plan(options);
        Assert.InRange(OwnRate(samples, options, Splits.Train), 0.86, 0.94);
        Assert.InRange(OwnRate(samples, options, Splits.Test), 0.84, 0.96);
        // Balanced: each class sees its "own" background about 1/6 of the time, like any other.
        foreach (var group in samples.Where(s => s.Split == Splits.TestBalanced).GroupBy(s => s.Label))
            Assert.InRange(OwnRate(group.ToList(), options, Splits.TestBalanced), 1 / 6.0 - 0.06, 1 / 6.0 + 0.06);
    }

    [Fact]
    public void Classes_are_balanced_in_every_split()
    {
        var samples = SceneDatasetMaker.Plan(new SceneDatasetOptions("unused", 101));
        foreach (var split in samples.GroupBy(s => s.Split))
        {
            var counts = split.GroupBy(s => s.Label).Select(g => g.Count()).ToList();
            Assert.Equal(SceneGrammar.Classes.Count, counts.Count);
            Assert.True(counts.Max() - counts.Min() <= 1);
        }
    }

    [Fact]
    public void A_colour_shortcut_pairs_classes_with_colours_and_none_pairs_nothing()
    {
        var colour = new SceneDatasetOptions("unused", 400) { Shortcut = "color", ShortcutProbability = 1 };
        var samples = SceneDatasetMaker.Plan(colour);
        Assert.All(samples.Where(s => s.Split != Splits.TestBalanced), s => Assert.Equal(colour.ShortcutValueOf(s.Label), s.Attributes!["color"]));
        Assert.InRange(OwnRate(samples, colour with { Shortcut = "background" }, Splits.Train), 0.05, 0.3);

        var none = new SceneDatasetOptions("unused", 1200) { Shortcut = SceneDatasetOptions.NoShortcut };
        Assert.Null(none.ShortcutValueOf("star"));
        Assert.InRange(OwnRate(SceneDatasetMaker.Plan(none), none with { Shortcut = "background" }, Splits.Train), 1 / 6.0 - 0.04, 1 / 6.0 + 0.04);
    }

    [Fact]
    public void A_weather_shortcut_pairs_each_class_with_its_own_weather()
    {
        var options = new SceneDatasetOptions("unused", 400) { Shortcut = "weather" };
        Assert.Equal(SceneGrammar.Values("weather"), SceneGrammar.Classes.Select(c => options.ShortcutValueOf(c)));
        Assert.InRange(OwnRate(SceneDatasetMaker.Plan(options), options, Splits.Train), 0.9, 0.99);
    }

    [Fact]
    public void The_master_seed_decides_every_caption_and_growing_a_split_keeps_its_first_samples()
    {
        var a = SceneDatasetMaker.Plan(new SceneDatasetOptions("unused", 40) { Seed = 1 });
        var b = SceneDatasetMaker.Plan(new SceneDatasetOptions("unused", 40) { Seed = 2 });
        var bigger = SceneDatasetMaker.Plan(new SceneDatasetOptions("unused", 80) { Seed = 1 });
        Assert.NotEqual(a.Select(s => s.Caption), b.Select(s => s.Caption));
        Assert.Equal(a.Where(s => s.Split == Splits.Train).Select(s => (s.Caption, s.Seed)),
            bigger.Where(s => s.Split == Splits.Train).Take(40).Select(s => (s.Caption, s.Seed)));
    }

    [Fact]
    public void Running_again_on_the_same_folder_rewrites_nothing()
    {
        using var folder = new TempFolder();
        var root = folder.Path;
        var options = new SceneDatasetOptions(root, 20) { ImageSize = 32 };
        SceneDatasetMaker.Make(options);
        var before = Snapshot(root);
        var manifest = File.ReadAllBytes(Path.Combine(root, Dataset.ManifestFile));

        var again = SceneDatasetMaker.Make(options);

        Assert.Equal(0, again.Written);
        Assert.Equal(before, Snapshot(root));
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(root, Dataset.ManifestFile)));
    }

    [Fact]
    public void A_run_resumes_by_redoing_only_missing_or_wrong_images()
    {
        using var folder = new TempFolder();
        var root = folder.Path;
        var options = new SceneDatasetOptions(root, 20) { ImageSize = 32 };
        var dataset = SceneDatasetMaker.Make(options).Dataset;
        var original = File.ReadAllBytes(dataset.FullPath(dataset.Samples[3]));
        File.Delete(dataset.FullPath(dataset.Samples[0]));
        File.WriteAllBytes(dataset.FullPath(dataset.Samples[3]), [1, 2, 3]);

        int lastProgress = 0;
        var again = SceneDatasetMaker.Make(options, new SyncProgress(n => lastProgress = Math.Max(lastProgress, n)));

        Assert.Equal(2, again.Written);
        Assert.Equal(original, File.ReadAllBytes(dataset.FullPath(dataset.Samples[3])));
        Assert.Equal(dataset.Samples.Count, lastProgress);
    }

    [Fact]
    public void Scenes_json_says_how_the_dataset_was_made()
    {
        using var folder = new TempFolder();
        var root = folder.Path;
        SceneDatasetMaker.Make(new SceneDatasetOptions(root, 4) { ImageSize = 32, Shortcut = "color", ShortcutProbability = 0.8 });
        var info = Json.ReadFile<SceneDatasetInfo>(Path.Combine(root, SceneDatasetMaker.InfoFile));
        Assert.Equal("color", info.Shortcut);
        Assert.Equal(0.8, info.ShortcutProbability);
        Assert.Equal("red", info.ShortcutValues!["star"]);
        Assert.Equal(4, info.Counts[Splits.Train]);
    }

    [Fact]
    public void Bad_options_are_refused_with_a_reason()
    {
        Assert.Throws<ArgumentException>(() => SceneDatasetMaker.Plan(new SceneDatasetOptions("x", 4) { Shortcut = "mood" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SceneDatasetMaker.Plan(new SceneDatasetOptions("x", 4) { ShortcutProbability = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SceneDatasetMaker.Plan(new SceneDatasetOptions("x", -1)));
    }

    private static double OwnRate(IReadOnlyList<Sample> samples, SceneDatasetOptions options, string split)
    {
        var inSplit = samples.Where(s => s.Split == split).ToList();
        return inSplit.Count(s => s.Attributes![options.Shortcut] == options.ShortcutValueOf(s.Label)) / (double)inSplit.Count;
    }

    private static Dictionary<string, DateTime> Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

    /// <summary>Progress&lt;T&gt; posts asynchronously; tests need the calls to have happened when Make returns.</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (this) report(value);
        }
    }
}
