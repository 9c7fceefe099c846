using Counterforge.Core.Analysis;
using Counterforge.Core.Metrics;

namespace Counterforge.Core.Tests;

public class StressTestTests
{
    private static readonly string[] Classes = ["star", "heart"];

    private static IEnumerable<PairOutcome> Pairs(string kind, int n, int flips, string to = "x")
    {
        for (int i = 0; i < n; i++)
            yield return new PairOutcome($"{kind}{i}", $"s{i}", kind, "a", to, 0, [0.9f, 0.1f], i < flips ? [0.1f, 0.9f] : [0.9f, 0.1f]);
    }

    [Fact]
    public void A_kind_is_a_weakness_only_when_its_interval_lies_above_the_null_controls()
    {
        var pairs = Pairs("null", 200, 0)
            .Concat(Pairs("background", 200, 90))
            .Concat(Pairs("color", 200, 4))
            .ToList();
        var result = StressTest.Analyze("test", [(0, new[] { 0.9f, 0.1f })], pairs, Classes);
        Assert.Equal(["background"], result.WeakKinds);
        Assert.Equal(0, result.NullEdit.FlipRate.Value);
        Assert.DoesNotContain(result.Kinds, k => k.Kind == "null");
    }

    [Fact]
    public void Accuracy_on_counterfactuals_is_undefined_not_zero_when_none_was_accepted()
    {
        var result = StressTest.Analyze("test", [(0, new[] { 0.9f, 0.1f })], Pairs("null", 5, 0).ToList(), Classes);
        Assert.True(double.IsNaN(result.AccCf));
        Assert.Equal(0, result.NCf);
        Assert.Equal("no counterfactuals", Percent.Format(result.AccCf, Percent.NoCounterfactuals));
        Assert.Equal("100.0 %", Percent.Format(result.AccOrig));
    }

    [Fact]
    public void A_noisy_generator_raises_the_bar_for_every_kind()
    {
        // The control flips 30 %: a kind flipping 35 % is within noise, not a weakness.
        var pairs = Pairs("null", 100, 30).Concat(Pairs("background", 100, 35)).ToList();
        var result = StressTest.Analyze("test", [], pairs, Classes);
        Assert.Empty(result.WeakKinds);
    }

    [Fact]
    public void Statistically_sure_but_negligible_effects_are_not_flagged()
    {
        var pairs = Pairs("null", 2000, 0).Concat(Pairs("size", 2000, 60)).ToList();
        var result = StressTest.Analyze("test", [], pairs, Classes, minimumEffect: 0.05);
        Assert.True(result.Kinds.Single().Stats.FlipRate.Low > result.NullEdit.FlipRate.High);
        Assert.Empty(result.WeakKinds);
    }

    [Fact]
    public void Results_are_broken_down_per_target_word_and_per_class()
    {
        var pairs = Pairs("background", 10, 10, "sand").Concat(Pairs("background", 10, 0, "snow")).ToList();
        var result = StressTest.Analyze("test", [], pairs, Classes);
        Assert.Equal(1.0, result.Words.Single(w => w.Word == "sand").Stats.FlipRate.Value);
        Assert.Equal(0.0, result.Words.Single(w => w.Word == "snow").Stats.FlipRate.Value);
        Assert.Equal(("star", "background", 20), (result.Classes.Single().Class, result.Classes.Single().Kind, result.Classes.Single().Stats.N));
    }
}
