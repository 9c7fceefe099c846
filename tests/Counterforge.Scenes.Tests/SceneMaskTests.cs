using SkiaSharp;

namespace Counterforge.Scenes.Tests;

public class SceneMaskTests
{
    private const string Caption = "a large red star on grass in clear weather by day";

    [Fact]
    public void The_subject_mask_is_white_exactly_where_the_subject_covers()
    {
        using var mask = SKBitmap.Decode(SceneRenderer.RenderSubjectMaskPng(Caption, 4, 64));
        var coverage = SceneRenderer.SubjectCoverage(SceneGrammar.Parse(Caption), 4, 64);
        Assert.Equal((64, 64), (mask.Width, mask.Height));
        for (int i = 0; i < coverage.Length; i++) Assert.Equal(coverage[i], mask.GetPixel(i % 64, i / 64).Red);
        Assert.Contains(coverage, c => c == 255);
        Assert.Contains(coverage, c => c == 0);
    }

    [Fact]
    public void A_background_alone_is_the_scene_outside_its_subject()
    {
        var spec = SceneGrammar.Parse(Caption);
        using var background = SKBitmap.Decode(SceneRenderer.RenderBackgroundPng("grass", 4, 64));
        using var scene = SKBitmap.Decode(SceneRenderer.RenderPng(spec, 4, 64));
        var coverage = SceneRenderer.SubjectCoverage(spec, 4, 64);
        int compared = 0;
        for (int i = 0; i < coverage.Length; i++)
        {
            if (coverage[i] != 0) continue;
            Assert.Equal(scene.GetPixel(i % 64, i / 64), background.GetPixel(i % 64, i / 64));
            compared++;
        }
        Assert.True(compared > 1000);
        Assert.Throws<SceneCaptionException>(() => SceneRenderer.RenderBackgroundPng("lava", 1, 64));
    }
}
