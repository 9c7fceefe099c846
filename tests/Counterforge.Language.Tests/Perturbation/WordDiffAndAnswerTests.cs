using Counterforge.Language.Perturbation;

namespace Counterforge.Language.Tests.Perturbation;

public class WordDiffAndAnswerTests
{
    [Fact]
    public void The_longest_removed_and_added_runs_are_from_and_to()
    {
        var diff = WordDiff.Of("A red car parked on a busy street.", "a blue car parked on a snowy mountain road");
        Assert.Equal("red", diff.Removed[0].Single());
        Assert.Equal("busy street", diff.From);
        Assert.Equal("snowy mountain road", diff.To);
        Assert.Equal(["blue", "snowy", "mountain", "road"], diff.AddedWords);
    }

    [Fact]
    public void Identical_captions_differ_in_nothing()
    {
        var diff = WordDiff.Of("a dog, on grass", "A dog on grass.");
        Assert.Empty(diff.Removed);
        Assert.Empty(diff.Added);
        Assert.Null(diff.To);
    }

    [Theory]
    [InlineData("""{"edits":[]} trailing""", "not strict JSON")]
    [InlineData("""{"edits":[{"type":"background","caption":"a dog",}]}""", "not strict JSON")]
    [InlineData("""{"edits":[{"type":"background"}]}""", "lacks field 'caption'")]
    [InlineData("""{"edits":[{"type":"background","caption":"x","type":"weather"}]}""", "repeats field 'type'")]
    [InlineData("""[{"type":"background","caption":"x"}]""", "expected a JSON object")]
    [InlineData("""{"edits":{"type":"background"}}""", "expected an array")]
    public void Answers_that_do_not_match_the_schema_are_rejected_whole(string answer, string reason)
    {
        var error = Assert.Throws<AnswerRejectedException>(() => PerturbationAnswer.Parse(answer, 12, 200));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void More_edits_than_asked_for_reject_the_answer()
    {
        var answer = "{\"edits\":[" + string.Join(",", Enumerable.Repeat("""{"type":"domain","caption":"a sketch of a dog"}""", 13)) + "]}";
        Assert.Contains("more than the 12", Assert.Throws<AnswerRejectedException>(() => PerturbationAnswer.Parse(answer, 12, 200)).Message);
    }

    [Theory]
    [InlineData("adjective", new[] { "bright", "red" }, "color")]
    [InlineData("adjective", new[] { "huge" }, "size")]
    [InlineData("adjective", new[] { "wooden" }, "adjective")]
    [InlineData("weather", new[] { "at", "sunset" }, "time")]
    [InlineData("weather", new[] { "foggy" }, "weather")]
    [InlineData("domain", new[] { "sketch" }, "domain")]
    public void LANCE_types_map_onto_report_kinds(string type, string[] added, string kind) =>
        Assert.Equal(kind, LanceEditTypes.ReportKind(type, added));
}
