using Counterforge.Core.Edits;
using Counterforge.Core.Generation;

namespace Counterforge.Core.Tests;

public sealed class BackgroundBankTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-bank-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Touch(string relative)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, relative);
    }

    [Fact]
    public void Folder_names_are_the_words_and_unusable_folders_are_listed()
    {
        Touch("snow/1.jpg");
        Touch("night_sky/1.jpg");
        Touch("night_sky/2.png");
        Touch("beach/readme.txt");
        Touch("bad;word/1.jpg");
        var bank = BackgroundBank.Load(_dir);
        Assert.Equal(["night sky", "snow"], bank.Words);
        Assert.Equal(2, bank.ImagesOf("night sky").Count);
        Assert.Equal(2, bank.Problems.Count);
        Assert.Contains(bank.Problems, p => p.StartsWith(Path.Combine(_dir, "beach")));
        Assert.Contains(bank.Problems, p => p.StartsWith(Path.Combine(_dir, "bad;word")));
    }

    [Fact]
    public void Two_folders_that_make_the_same_edit_give_one_word_and_the_other_is_listed()
    {
        Touch("night-sky/1.jpg");
        Touch("night_sky/1.jpg");
        Touch("Night Sky/1.jpg");
        var bank = BackgroundBank.Load(_dir);
        Assert.Equal(["Night Sky"], bank.Words);
        Assert.Equal(2, bank.Problems.Count(p => p.Contains("the same edit as 'Night Sky'")));
    }

    [Fact]
    public void The_picked_image_depends_only_on_seed_and_edit()
    {
        for (int i = 0; i < 8; i++) Touch($"snow/{i}.jpg");
        var bank = BackgroundBank.Load(_dir);
        Assert.Equal(bank.Pick("snow", 1, "x~background~snow"), BackgroundBank.Load(_dir).Pick("snow", 1, "x~background~snow"));
        var picks = Enumerable.Range(0, 40).Select(i => bank.Pick("snow", 1, $"s{i}~background~snow")).Distinct().Count();
        Assert.True(picks >= 4, $"only {picks} of 8 images were ever picked");
    }

    [Fact]
    public void The_composite_lexicon_has_the_bank_words_and_the_colour_words()
    {
        Touch("snow/1.jpg");
        Touch("grass/1.jpg");
        var lexicon = CompositeLexicon.Create(BackgroundBank.Load(_dir).Words);
        Assert.Equal(["on grass", "on snow"], lexicon.OfKind(EditKinds.Background).Select(e => e.Phrase));
        Assert.Equal(NamedColors.All.Keys, lexicon.OfKind(EditKinds.Color).Select(e => e.Word));
    }
}
