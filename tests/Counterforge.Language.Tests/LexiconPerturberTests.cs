using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Language;

namespace Counterforge.Language.Tests;

public class LexiconPerturberTests
{
    private static readonly Lexicon Words = new([
        new("background", "grass", "on grass"),
        new("background", "sand", "on sandy ground"),
        new("background", "snow", "on snowy ground"),
        new("color", "red", "red"),
        new("color", "orange", "orange"),
        new("color", "blue", "blue"),
        new("weather", "clear", "in clear weather"),
        new("weather", "rain", "in the rain"),
    ]);

    private static Sample Source(string label) => new("s1", "a.png", label, Splits.Test, Seed: 7);

    [Fact]
    public void Each_kind_is_swapped_for_every_other_value_with_from_and_to()
    {
        var edits = new LexiconPerturber(Words).Perturb(Source("star"), "a red star on grass in the rain", "star");
        Assert.Equal(2 + 2 + 1, edits.Count);
        var sand = edits.Single(e => e.Kind == "background" && e.To == "sand");
        Assert.Equal("a red star on sandy ground in the rain", sand.Edited);
        Assert.Equal(("grass", "a red star on grass in the rain"), (sand.From, sand.Original));
        Assert.Contains(edits, e => e.Kind == "weather" && e.Edited == "a red star on grass in clear weather");
    }

    [Fact]
    public void The_class_word_is_never_edited_even_when_it_is_also_a_lexicon_word()
    {
        var edits = new LexiconPerturber(Words).Perturb(Source("orange"), "a red orange on grass in the rain", "orange");
        Assert.NotEmpty(edits);
        Assert.All(edits, e => Assert.Single(e.Edited.Split(' '), w => w == "orange"));
        Assert.All(edits.Where(e => e.Kind == "color"), e => Assert.Equal("red", e.From));
    }

    [Fact]
    public void A_phrase_inside_a_longer_word_is_not_matched()
    {
        var edits = new LexiconPerturber(Words).Perturb(Source("bluebird"), "a bluebird on grass", "bluebird");
        Assert.DoesNotContain(edits, e => e.Kind == "color");
        Assert.All(edits, e => Assert.StartsWith("a bluebird ", e.Edited));
    }

    [Fact]
    public void Edits_that_would_add_or_remove_the_class_word_are_dropped()
    {
        // Swapping red for orange would make "orange" appear twice for the class "orange".
        var edits = new LexiconPerturber(Words).Perturb(Source("orange"), "a red orange", "orange");
        Assert.DoesNotContain(edits, e => e.To == "orange");
        Assert.Contains(edits, e => e.To == "blue");
    }

    [Fact]
    public void A_cap_per_kind_keeps_a_seeded_subset()
    {
        var capped = new LexiconPerturber(Words, maxPerKind: 1, seed: 3);
        var a = capped.Perturb(Source("star"), "a red star on grass in the rain", "star");
        var b = capped.Perturb(Source("star"), "a red star on grass in the rain", "star");
        Assert.Equal(3, a.Count);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Edit_ids_are_unique_per_source_and_kind_and_target()
    {
        var edits = new LexiconPerturber(Words).Perturb(Source("star"), "a red star on grass in the rain", "star");
        Assert.Equal(edits.Count, edits.Select(e => e.Id).Distinct().Count());
        Assert.Equal("s1~background~sand", edits.Single(e => e.To == "sand").Id);
    }
}
