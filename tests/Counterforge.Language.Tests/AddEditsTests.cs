using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Language;

namespace Counterforge.Language.Tests;

public class AddEditsTests
{
    private static readonly Lexicon Words = CompositeLexicon.Create(["grass", "snow", "night sky"]);

    private static Sample Source(string label) => new("s1", "a.jpg", label, Splits.Test);

    [Fact]
    public void A_caption_with_no_background_or_colour_gets_one_add_edit_per_value()
    {
        var edits = new LexiconPerturber(Words, additions: AddEdits.Lance).Perturb(Source("dog"), "a photo of a dog", "dog");
        var backgrounds = edits.Where(e => e.Kind == EditKinds.Background).ToList();
        Assert.Equal(["a photo of a dog on grass", "a photo of a dog on snow", "a photo of a dog on night sky"], backgrounds.Select(e => e.Edited));
        Assert.All(backgrounds, e => Assert.Null(e.From));
        Assert.Equal("snow", backgrounds[1].To);
        var colours = edits.Where(e => e.Kind == EditKinds.Color).ToList();
        Assert.Equal(NamedColors.All.Count, colours.Count);
        Assert.Contains(colours, e => e.Edited == "a photo of a red dog" && e.To == "red" && e.From is null);
        Assert.Equal(edits.Count, edits.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void The_article_follows_the_added_colour_and_a_full_stop_stays_last()
    {
        var edits = new LexiconPerturber(Words, additions: AddEdits.Lance).Perturb(Source("owl"), "An owl.", "owl");
        Assert.Contains(edits, e => e.Edited == "A red owl.");
        Assert.Contains(edits, e => e.Edited == "An orange owl.");
        Assert.Contains(edits, e => e.Edited == "An owl on snow.");
    }

    [Fact]
    public void A_stated_background_is_swapped_not_added_to()
    {
        var edits = new LexiconPerturber(Words, additions: AddEdits.Lance).Perturb(Source("dog"), "a dog on snow", "dog");
        var backgrounds = edits.Where(e => e.Kind == EditKinds.Background).ToList();
        Assert.Equal(["a dog on grass", "a dog on night sky"], backgrounds.Select(e => e.Edited));
        Assert.All(backgrounds, e => Assert.Equal("snow", e.From));
    }

    [Fact]
    public void A_folder_style_class_name_is_found_as_words_and_a_colour_needs_it_in_the_caption()
    {
        var perturber = new LexiconPerturber(Words, additions: AddEdits.Lance);
        var edits = perturber.Perturb(Source("golden_retriever"), "a photo of a golden retriever", "golden_retriever");
        Assert.Contains(edits, e => e.Edited == "a photo of a red golden retriever");
        var unnamed = perturber.Perturb(Source("n02099601"), "a photo of a dog", "n02099601");
        Assert.DoesNotContain(unnamed, e => e.Kind == EditKinds.Color);
        Assert.Contains(unnamed, e => e.Edited == "a photo of a dog on grass");
    }

    [Fact]
    public void Without_additions_a_caption_missing_a_kind_gets_no_edit_of_it()
    {
        Assert.Empty(new LexiconPerturber(Words).Perturb(Source("dog"), "a photo of a dog", "dog"));
    }
}
