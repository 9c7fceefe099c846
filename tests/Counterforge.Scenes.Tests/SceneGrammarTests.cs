namespace Counterforge.Scenes.Tests;

public class SceneGrammarTests
{
    [Fact]
    public void A_caption_states_every_attribute_in_a_fixed_order()
    {
        var spec = SceneGrammar.Spec("star", "small", "red", "sand", "rain", "night");
        Assert.Equal("a small red star on sandy ground in the rain at night", SceneGrammar.Format(spec));
        Assert.Equal("a large blue heart on grass in clear weather by day",
            SceneGrammar.Format(SceneGrammar.Spec("heart", "large", "blue", "grass", "clear", "day")));
    }

    [Fact]
    public void Formatting_and_parsing_round_trip_exactly_over_every_scene()
    {
        int count = 0;
        foreach (var spec in SceneGrammar.All())
        {
            var caption = SceneGrammar.Format(spec);
            Assert.Equal(spec, SceneGrammar.Parse(caption));
            Assert.Equal(caption, SceneGrammar.Format(SceneGrammar.Parse(caption)));
            count++;
        }
        Assert.Equal(3 * 7 * 4 * 6 * 4 * 3, count);
    }

    [Fact]
    public void Parsing_forgives_case_spacing_and_a_final_full_stop()
    {
        var spec = SceneGrammar.Parse("  A Small  RED star on sandy ground in the rain at night. ");
        Assert.Equal("a small red star on sandy ground in the rain at night", SceneGrammar.Format(spec));
    }

    [Theory]
    [InlineData("a small purplish star on grass in clear weather by day", "'purplish'", "colour")]
    [InlineData("a small red dragon on grass in clear weather by day", "'dragon'", "subject")]
    [InlineData("a small red star in the rain at night", "'in the rain'", "background")]
    [InlineData("a small red star on lava in the rain at night", "'on lava'", "background")]
    [InlineData("a small red star on grass in clear weather by day please", "'please'", "end of the caption")]
    [InlineData("a small red star on grass in clear weather", "ends after", "time of day")]
    [InlineData("a tiny red star on grass in clear weather by day", "'tiny'", "size")]
    [InlineData("the small red star on grass in clear weather by day", "'the'", "begin with 'a'")]
    [InlineData("a small red star on grass in a hurricane by day", "'in a hurricane'", "weather")]
    [InlineData("", "empty", "expected")]
    public void An_undrawable_caption_is_refused_naming_the_words_and_what_was_expected(string caption, string word, string expected)
    {
        var error = Assert.Throws<SceneCaptionException>(() => SceneGrammar.Parse(caption));
        Assert.Contains(word, error.Message);
        Assert.Contains(expected, error.Message);
        Assert.False(SceneGrammar.TryParse(caption, out _));
    }

    [Fact]
    public void The_lexicon_has_exactly_the_edit_kinds_and_no_class_names()
    {
        var lexicon = SceneGrammar.Lexicon;
        Assert.Equal(new[] { "background", "color", "weather", "time", "size" }, lexicon.Kinds);
        Assert.DoesNotContain(lexicon.Entries, e => SceneGrammar.Classes.Contains(e.Word));
        Assert.True(SceneGrammar.Classes.Count >= 4);
        Assert.True(lexicon.OfKind("color").Count >= 6);
        Assert.True(lexicon.OfKind("background").Count >= 6);
    }

    [Fact]
    public void Lexicon_phrases_are_unique_and_never_contain_a_class_name_or_another_kinds_phrase()
    {
        var entries = SceneGrammar.Lexicon.Entries;
        Assert.Equal(entries.Count, entries.Select(e => e.Phrase).Distinct().Count());
        Assert.Equal(entries.Count, entries.Select(e => e.Word).Distinct().Count());
        foreach (var entry in entries)
        {
            foreach (var className in SceneGrammar.Classes)
            {
                Assert.DoesNotContain(className, entry.Phrase);
                Assert.DoesNotContain(entry.Phrase, className);
            }
            foreach (var other in entries.Where(o => o.Kind != entry.Kind))
                Assert.DoesNotContain(entry.Phrase, other.Phrase);
        }
    }

    [Fact]
    public void A_spec_with_an_unknown_word_is_refused()
    {
        var error = Assert.Throws<SceneCaptionException>(() => SceneGrammar.Spec("star", "small", "mauve", "grass", "clear", "day"));
        Assert.Contains("'mauve'", error.Message);
        Assert.Throws<SceneCaptionException>(() => SceneGrammar.Parse("a small red star on grass in clear weather by day").With("background", "lava"));
    }
}
