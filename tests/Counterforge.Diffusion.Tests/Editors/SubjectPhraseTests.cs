using Counterforge.Diffusion.Editors;

namespace Counterforge.Diffusion.Tests.Editors;

/// <summary>Where a caption names its subject, and which edits touch the words that describe it.</summary>
public sealed class SubjectPhraseTests
{
    [Theory]
    [InlineData("a large red star on grass in clear weather by day", "star", "a on grass in clear weather by day", 1, 3)]
    [InlineData("A photo of two Cats, asleep on a sofa", "cat", "A photo of asleep on a sofa", 3, 4)]
    [InlineData("the dog", "dog", "the", 1, 1)]
    public void FindsTheSubjectAndTheWordsBeforeIt(string caption, string subject, string without, int start, int end)
    {
        var phrase = SubjectPhrase.Find(caption, subject)!;
        Assert.Equal((start, end, without), (phrase.Start, phrase.End, phrase.WithoutPhrase));
    }

    [Fact]
    public void WithoutItsPhraseTheCaptionDescribesOnlyTheRest() =>
        Assert.Equal("a on water at night", SubjectPhrase.Find("a large red star on water at night", "star")!.WithoutPhrase);

    [Theory]
    [InlineData("a large red star on grass", "cat")]
    [InlineData("a starfish on sand", "star")]
    [InlineData("a teddy bear on a bed", "teddy bear")]
    public void ACaptionThatDoesNotNameTheSubjectAsAWordHasNoPhrase(string caption, string subject) =>
        Assert.Null(SubjectPhrase.Find(caption, subject));

    [Theory]
    [InlineData("a large blue star on grass in clear weather by day", true)]
    [InlineData("a small red star on grass in clear weather by day", true)]
    [InlineData("a large red heart on grass in clear weather by day", true)]
    [InlineData("a large very red star on grass in clear weather by day", true)]
    [InlineData("a gleaming large red star on grass in clear weather by day", true)]
    [InlineData("a large red star on green grass in clear weather by day", false)]
    [InlineData("a large red star on water in clear weather by day", false)]
    [InlineData("a large red star against a brick wall in clear weather by day", false)]
    [InlineData("a large red star on grass in clear weather at night", false)]
    [InlineData("a large red star on grass in clear weather by day", false)]
    public void AnEditTouchesTheSubjectOnlyWhenItChangesItsPhrase(string edited, bool touches) =>
        Assert.Equal(touches, SubjectPhrase.Find("a large red star on grass in clear weather by day", "star")!.IsEditedBy(edited));
}
