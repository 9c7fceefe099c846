using Counterforge.Core.Edits;

namespace Counterforge.Scenes.Tests;

public class SceneEditorTests
{
    [Fact]
    public void The_editor_re_renders_the_edited_caption_with_the_sources_seed()
    {
        using var folder = new TempFolder();
        var root = folder.Path;
        var dataset = SceneDatasetMaker.Make(new SceneDatasetOptions(root, 4) { ImageSize = 40, ValCount = 0, TestCount = 0, TestBalancedCount = 0, ExtraCount = 0 }).Dataset;
        var source = dataset.Samples[1];
        var spec = SceneGrammar.Parse(source.Caption!);
        var to = SceneGrammar.Values("weather").First(w => w != spec.Weather);
        var edited = SceneGrammar.Format(spec.With("weather", to));
        var edit = new Edit(source.Id, source.Caption!, edited, "weather", spec.Weather, to);

        var editor = new SceneEditor();
        Assert.Equal("scene", editor.Name);
        Assert.Equal(SceneRenderer.RenderPng(edited, source.Seed, 40), editor.Generate(source, dataset.FullPath(source), edit).Png);
        // The null edit reproduces the source image exactly.
        Assert.Equal(File.ReadAllBytes(dataset.FullPath(source)), editor.Generate(source, dataset.FullPath(source), Edit.Null(source.Id, source.Caption!)).Png);
    }

    [Fact]
    public void A_sized_editor_renders_at_its_size_and_its_config_key_names_version_and_size()
    {
        var source = new Counterforge.Core.Data.Sample("train-00000", "images/train/train-00000.png", "star", "train",
            "a small red star on grass in clear weather by day", 5);
        var edit = Edit.Null(source.Id, source.Caption!);
        var png = new SceneEditor(96).Generate(source, "/nonexistent.png", edit).Png;
        using var image = Images.Decode(png);
        Assert.Equal(96, image.Width);
        Assert.Contains($"v{SceneRenderer.Version}", new SceneEditor(96).ConfigKey);
        Assert.Contains("96", new SceneEditor(96).ConfigKey);
        Assert.NotEqual(new SceneEditor(96).ConfigKey, new SceneEditor(64).ConfigKey);
    }

    [Fact]
    public void An_edit_to_an_undrawable_caption_fails_naming_the_word()
    {
        var source = new Counterforge.Core.Data.Sample("s", "s.png", "star", "train", "a small red star on grass in clear weather by day", 5);
        var edit = new Edit("s", source.Caption!, "a small red star on lava in clear weather by day", "background", "grass", "lava");
        var error = Assert.Throws<SceneCaptionException>(() => new SceneEditor(32).Generate(source, "/nonexistent.png", edit));
        Assert.Contains("'on lava'", error.Message);
    }
}
