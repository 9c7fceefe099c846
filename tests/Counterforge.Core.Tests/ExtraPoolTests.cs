using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;

namespace Counterforge.Core.Tests;

public class ExtraPoolTests
{
    private static List<Sample> Samples(int perClass, string split = Splits.Train) =>
        [.. new[] { "cat", "dog", "cow" }.SelectMany(c => Enumerable.Range(0, perClass).Select(i => new Sample($"{c}{i:D3}", $"{c}/{i}.png", c, split)))];

    [Fact]
    public void A_share_of_each_class_of_train_is_held_out_the_same_way_for_the_same_seed_and_the_other_splits_are_untouched()
    {
        var samples = Samples(40).Concat(Samples(5, Splits.Val).Select(s => s with { Id = "v" + s.Id })).ToList();
        var held = ExtraPool.HoldOut(samples, 0.1, seed: 7);
        foreach (var label in new[] { "cat", "dog", "cow" })
        {
            Assert.Equal(4, held.Count(s => s.Label == label && s.Split == Splits.Extra));
            Assert.Equal(36, held.Count(s => s.Label == label && s.Split == Splits.Train));
        }
        Assert.Equal(15, held.Count(s => s.Split == Splits.Val));
        Assert.Equal(held.Select(s => s.Split), ExtraPool.HoldOut(samples, 0.1, seed: 7).Select(s => s.Split));
        Assert.NotEqual(held.Where(s => s.Split == Splits.Extra).Select(s => s.Id), ExtraPool.HoldOut(samples, 0.1, seed: 8).Where(s => s.Split == Splits.Extra).Select(s => s.Id));
    }

    [Fact]
    public void A_dataset_with_its_own_extra_split_or_a_share_of_zero_is_left_as_it_is_and_a_class_keeps_one_training_image()
    {
        var withExtra = Samples(10).Append(new Sample("x", "x.png", "cat", Splits.Extra)).ToList();
        Assert.Same(withExtra, ExtraPool.HoldOut(withExtra, 0.2, 1));
        var plain = Samples(10);
        Assert.Same(plain, ExtraPool.HoldOut(plain, 0, 1));
        var single = Samples(1);
        Assert.All(ExtraPool.HoldOut(single, 0.5, 1), s => Assert.Equal(Splits.Train, s.Split));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExtraPool.HoldOut(plain, 0.6, 1));
    }
}
