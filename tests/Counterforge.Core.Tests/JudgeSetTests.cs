using Counterforge.Core.Pipeline;

namespace Counterforge.Core.Tests;

public class JudgeSetTests
{
    private static ImageRef Image(string id) => new(id, $"/x/{id}.png");

    [Fact]
    public void A_model_is_judged_on_originals_on_counterfactuals_of_the_chosen_kinds_and_on_balanced_groups()
    {
        var judge = new JudgeSet(
            [new LabeledRef(Image("o1"), 0, "0/a"), new LabeledRef(Image("o2"), 1, "1/b")],
            [new CounterfactualRef(Image("c1"), 0, "background"), new CounterfactualRef(Image("c2"), 1, "background"), new CounterfactualRef(Image("c3"), 0, "color")],
            [new LabeledRef(Image("b1"), 0, "0/a"), new LabeledRef(Image("b2"), 0, "0/b"), new LabeledRef(Image("b3"), 1, "1/b")],
            new Dictionary<string, int> { ["0/a"] = 9, ["0/b"] = 1, ["1/b"] = 10 });
        // Predicts class 0 for every image except o2 and b3.
        float[][] Model(IReadOnlyList<ImageRef> images) => images.Select(i => i.Id is "o2" or "b3" ? new[] { 0.1f, 0.9f } : new[] { 0.9f, 0.1f }).ToArray();

        var background = judge.Judge(Model, ["background"]);
        Assert.Equal(1.0, background.AccOrig);
        Assert.Equal(0.5, background.AccCf);   // c1 right, c2 wrong
        Assert.Equal(2, background.NCf);
        Assert.Equal(1.0, background.WorstGroup);
        Assert.Equal(1.0, background.AdjustedMean!.Value, 12);

        var all = judge.Judge(Model, ["background", "color"]);
        Assert.Equal(2 / 3.0, all.AccCf, 12);
        Assert.True(double.IsNaN(judge.Judge(Model, ["weather"]).AccCf));
    }

    [Fact]
    public void Judging_image_by_image_keeps_each_judged_original_and_counterfactual_with_its_label()
    {
        var judge = new JudgeSet(
            [new LabeledRef(Image("o1"), 0, "0"), new LabeledRef(Image("o2"), 1, "1")],
            [new CounterfactualRef(Image("c1"), 0, "background"), new CounterfactualRef(Image("c2"), 0, "color")],
            [], new Dictionary<string, int>());
        float[][] Model(IReadOnlyList<ImageRef> images) => images.Select(i => i.Id == "o2" ? new[] { 0.2f, 0.8f } : new[] { 0.3f, 0.7f }).ToArray();

        var judged = judge.JudgeEach(Model, ["background"]);

        Assert.Equal(["o1", "o2"], judged.Originals.Select(p => p.ImageId));
        Assert.Equal([false, true], judged.Originals.Select(p => p.Correct));
        var c1 = Assert.Single(judged.Counterfactuals);
        Assert.Equal(("c1", 0, 0.3f), (c1.ImageId, c1.Label, c1.Probs[0]));
        Assert.Equal(0.5, judged.Judgement.AccOrig);
        Assert.Equal(0.0, judged.Judgement.AccCf);
        Assert.Null(judged.Judgement.WorstGroup);
    }
}
