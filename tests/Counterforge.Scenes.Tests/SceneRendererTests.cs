namespace Counterforge.Scenes.Tests;

public class SceneRendererTests
{
    private const string Caption = "a small red star on sandy ground in the rain at night";

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(224)]
    public void The_same_caption_and_seed_give_identical_bytes(int size)
    {
        var first = SceneRenderer.RenderPng(Caption, 42, size);
        var second = SceneRenderer.RenderPng(Caption, 42, size);
        Assert.Equal(first, second);
        using var image = Images.Decode(first);
        Assert.Equal((size, size), (image.Width, image.Height));
    }

    [Fact]
    public void A_different_seed_gives_different_bytes()
    {
        Assert.NotEqual(SceneRenderer.RenderPng(Caption, 1, 64), SceneRenderer.RenderPng(Caption, 2, 64));
    }

    [Fact]
    public void An_undrawable_caption_or_size_is_refused()
    {
        Assert.Throws<SceneCaptionException>(() => SceneRenderer.RenderPng("a small red dragon on grass in clear weather by day", 1, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => SceneRenderer.RenderPng(Caption, 1, 8));
    }

    [Fact]
    public void A_colour_edit_changes_only_the_subjects_pixels()
    {
        var random = new Random(5);
        var all = SceneGrammar.All().ToList();
        for (int trial = 0; trial < 20; trial++)
        {
            var source = all[random.Next(all.Count)];
            var edited = source.With("color", SceneGrammar.Values("color").First(c => c != source.Color));
            int seed = random.Next();
            var coverage = SceneRenderer.SubjectCoverage(source, seed, 64);
            var before = Images.Pixels(source, seed, 64);
            var after = Images.Pixels(edited, seed, 64);
            int changedInside = 0;
            for (int i = 0; i < before.Length; i++)
            {
                if (coverage[i] == 0) Assert.True(before[i] == after[i], $"{source} → {edited.Color}: pixel {i} outside the subject changed");
                else if (before[i] != after[i]) changedInside++;
            }
            Assert.True(changedInside > 20, $"{source} → {edited.Color}: only {changedInside} subject pixels changed");
        }
    }

    [Fact]
    public void A_background_edit_leaves_the_subject_where_and_how_it_was()
    {
        var random = new Random(6);
        var all = SceneGrammar.All().ToList();
        for (int trial = 0; trial < 20; trial++)
        {
            var source = all[random.Next(all.Count)];
            var edited = source.With("background", SceneGrammar.Values("background").First(b => b != source.Background));
            int seed = random.Next();
            Assert.Equal(SceneRenderer.Pose(source, seed, 64), SceneRenderer.Pose(edited, seed, 64));
            var coverage = SceneRenderer.SubjectCoverage(source, seed, 64);
            Assert.Equal(coverage, SceneRenderer.SubjectCoverage(edited, seed, 64));
            var before = Images.Pixels(source, seed, 64);
            var after = Images.Pixels(edited, seed, 64);
            int changedOutside = 0;
            for (int i = 0; i < before.Length; i++)
            {
                // Fully covered pixels show only the subject and the unchanged weather and light over it.
                if (coverage[i] == 255) Assert.True(before[i] == after[i], $"{source} → {edited.Background}: subject pixel {i} changed");
                else if (before[i] != after[i]) changedOutside++;
            }
            Assert.True(changedOutside > 1000, $"{source} → {edited.Background}: only {changedOutside} background pixels changed");
        }
    }

    [Fact]
    public void Weather_and_time_edits_keep_the_pose_and_the_background_texture_layout()
    {
        var source = SceneGrammar.Parse("a medium blue arrow on grass in clear weather by day");
        foreach (var weather in SceneGrammar.Values("weather"))
            foreach (var time in SceneGrammar.Values("time"))
            {
                var edited = source.With("weather", weather).With("time", time);
                Assert.Equal(SceneRenderer.Pose(source, 9, 64), SceneRenderer.Pose(edited, 9, 64));
            }
        // Same texture layout: with clear weather by day the image only depends on the background's own stream.
        Assert.Equal(SceneRenderer.RenderPng(source, 9, 64), SceneRenderer.RenderPng(source.With("weather", "clear"), 9, 64));
    }

    [Fact]
    public void Size_classes_are_clearly_different_and_keep_centre_and_rotation()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var spec = SceneGrammar.Parse("a small red heart on grass in clear weather by day");
            var small = SceneRenderer.Pose(spec, seed, 100);
            var medium = SceneRenderer.Pose(spec.With("size", "medium"), seed, 100);
            var large = SceneRenderer.Pose(spec.With("size", "large"), seed, 100);
            Assert.InRange(small.Extent, 25f, 30f);
            Assert.InRange(medium.Extent, 40f, 46f);
            Assert.InRange(large.Extent, 55f, 65f);
            Assert.Equal((small.X, small.Y, small.Rotation), (large.X, large.Y, large.Rotation));
            int Area(SceneSpec s) => SceneRenderer.SubjectCoverage(s, seed, 64).Count(a => a > 0);
            Assert.True(Area(spec) * 2 < Area(spec.With("size", "large")));
        }
    }

    [Fact]
    public void Every_subject_stays_inside_the_frame()
    {
        foreach (var subject in SceneGrammar.Classes)
            for (int seed = 0; seed < 40; seed++)
            {
                var spec = SceneGrammar.Parse($"a large red {subject} on grass in clear weather by day");
                var coverage = SceneRenderer.SubjectCoverage(spec, seed, 64);
                int edge = 0;
                for (int i = 0; i < 64; i++)
                    edge += coverage[i] + coverage[63 * 64 + i] + coverage[i * 64] + coverage[i * 64 + 63];
                Assert.True(edge < 255 * 4, $"{subject} seed {seed} is cut off by the frame");
            }
    }
}
