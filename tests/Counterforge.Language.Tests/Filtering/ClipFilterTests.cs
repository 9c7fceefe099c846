using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Language.Filtering;
using Counterforge.Language.Tests.Onnx;

namespace Counterforge.Language.Tests.Filtering;

public sealed class ClipFilterTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cf-clip-").FullName;
    private readonly ClipFilter filter;
    private readonly string redImage;
    private static readonly Sample Source = new("s1", "red.png", "star", Splits.Test);
    private static readonly Edit RedToGreen = new("s1", "a red star", "a green star", "color", "red", "green");

    public ClipFilterTests()
    {
        filter = new ClipFilter(new ClipModel(StandInClip.WriteTo(root)));
        redImage = Path.Combine(root, "red.png");
        File.WriteAllBytes(redImage, SolidImage.Png(255, 0, 0));
    }

    [Fact]
    public void A_counterfactual_that_changed_the_colour_and_kept_the_star_is_accepted_with_its_scores()
    {
        var decision = filter.Check(Source, redImage, RedToGreen, SolidImage.Png(0, 255, 0));

        Assert.True(decision.Accepted, decision.Reason);
        var scores = decision.Scores!;
        Assert.Equal(0.8, scores["image_image"], 3);                         // (1,0,0,2)·(0,1,0,2) / 5
        Assert.Equal(3 / Math.Sqrt(10), scores["source_image_text"], 3);      // (1,0,0,2)·(1,0,0,1)
        Assert.Equal(3 / Math.Sqrt(10), scores["counterfactual_image_text"], 3);
        Assert.Equal(1.0, scores["directional"], 3);                          // both moved red → green
        Assert.Equal(1 / Math.Sqrt(5), scores["new_words"], 3);
        Assert.Equal(0.0, scores["old_words"], 3);
    }

    [Fact]
    public void An_unchanged_image_fails_the_directional_check()
    {
        var decision = filter.Check(Source, redImage, RedToGreen, SolidImage.Png(255, 0, 0));
        Assert.False(decision.Accepted);
        Assert.Equal("directional similarity 0.000 < 0.200", decision.Reason);
        Assert.Equal(1.0, decision.Scores!["image_image"], 3);
    }

    [Fact]
    public void A_blank_generation_fails_the_image_image_check()
    {
        var decision = filter.Check(Source, redImage, RedToGreen, SolidImage.Png(0, 0, 0));
        Assert.False(decision.Accepted);
        Assert.Equal("image–image similarity 0.000 < 0.700", decision.Reason);
    }

    [Fact]
    public void An_image_as_close_to_the_old_words_as_to_the_new_is_rejected()
    {
        // Yellow = red + green: passes the first four checks but shows "red" exactly as much as "green".
        var decision = filter.Check(Source, redImage, RedToGreen, SolidImage.Png(255, 255, 0));
        Assert.False(decision.Accepted);
        Assert.StartsWith("not closer to the new words 'green' (0.236) than to the old 'red' (0.236)", decision.Reason);
        Assert.Equal(9 / Math.Sqrt(90), decision.Scores!["image_image"], 3);
        // Directional works on unit embeddings, as CLIP's do: (yellow/|yellow| − red/|red|) against (green star − red star).
        double[] yellow = Unit([1, 1, 0, 4]), red = Unit([1, 0, 0, 2]), imageMove = yellow.Zip(red, (a, b) => a - b).ToArray();
        double[] textMove = [-1, 1, 0, 0];
        Assert.Equal(Unit(imageMove).Zip(Unit(textMove), (a, b) => a * b).Sum(), decision.Scores["directional"], 3);
    }

    [Fact]
    public void A_counterfactual_that_drifted_from_both_captions_fails_image_text()
    {
        var edit = new Edit("s1", "a red star", "a blue", "color", "red star", "blue");
        var decision = filter.Check(Source, redImage, edit, SolidImage.Png(255, 0, 0));
        Assert.False(decision.Accepted);
        Assert.Equal("counterfactual image–edited caption similarity 0.000 < 0.200", decision.Reason);
    }

    [Fact]
    public void The_null_edit_is_judged_on_similarity_alone()
    {
        var decision = filter.Check(Source, redImage, Edit.Null("s1", "a red star"), SolidImage.Png(255, 0, 0));
        Assert.True(decision.Accepted, decision.Reason);
        Assert.False(decision.Scores!.ContainsKey("directional"));
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        using var strict = new ClipFilter(new ClipModel(root), new ClipThresholds { ImageImage = 0.9 });
        var decision = strict.Check(Source, redImage, RedToGreen, SolidImage.Png(0, 255, 0));
        Assert.Equal("image–image similarity 0.800 < 0.900", decision.Reason);
    }

    [Fact]
    public void A_tower_with_the_wrong_output_fails_on_load_naming_the_file()
    {
        var bad = Directory.CreateDirectory(Path.Combine(root, "bad")).FullName;
        foreach (var file in Directory.GetFiles(root)) File.Copy(file, Path.Combine(bad, Path.GetFileName(file)));
        Directory.CreateDirectory(Path.Combine(bad, "onnx"));
        File.Copy(Path.Combine(root, "onnx", "vision_model.onnx"), Path.Combine(bad, "onnx", "text_model.onnx"));
        File.Copy(Path.Combine(root, "onnx", "vision_model.onnx"), Path.Combine(bad, "onnx", "vision_model.onnx"));
        var error = Assert.Throws<InvalidDataException>(() => new ClipModel(bad));
        Assert.Contains("text_model.onnx", error.Message);
        Assert.Contains("'input_ids'", error.Message);
    }

    private static double[] Unit(double[] v) => v.Select(x => x / Math.Sqrt(v.Sum(y => y * y))).ToArray();

    public void Dispose()
    {
        filter.Dispose();
        Directory.Delete(root, recursive: true);
    }
}
