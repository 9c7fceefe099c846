using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Tests;

public sealed class ImageFolderDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-folder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Touch(string relative, string content = "x")
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Classes_are_the_folders_sorted_ordinally_and_ids_are_paths_without_extension()
    {
        Touch("data/dog/b.jpg");
        Touch("data/dog/sub/a.PNG");
        Touch("data/Zebra/z.webp");
        Touch("data/cat/c.jpeg");
        Touch("data/cat/readme.txt");
        Touch("data/cat/.hidden.jpg");
        var loaded = ImageFolderDataset.Load(Path.Combine(_dir, "data"));
        Assert.Equal(["Zebra", "cat", "dog"], loaded.Dataset.Classes);
        Assert.Equal(["Zebra/z", "cat/c", "dog/b", "dog/sub/a"], loaded.Dataset.Samples.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal("dog", loaded.Dataset.Samples.Single(s => s.Id == "dog/sub/a").Label);
        Assert.Empty(loaded.Problems);
    }

    [Fact]
    public void Missing_captions_are_templated_and_marked()
    {
        Touch("data/dog/a.jpg");
        Touch("data/owl/b.jpg");
        Touch("data/golden_retriever/c.jpg");
        var samples = ImageFolderDataset.Load(Path.Combine(_dir, "data")).Dataset.Samples;
        Assert.Equal("a photo of a golden retriever", samples.Single(s => s.Label == "golden_retriever").Caption);
        Assert.Equal("a photo of a dog", samples.Single(s => s.Label == "dog").Caption);
        Assert.Equal("a photo of an owl", samples.Single(s => s.Label == "owl").Caption);
        Assert.All(samples, s => Assert.True(s.CaptionTemplated));
    }

    [Fact]
    public void Split_folders_give_the_splits()
    {
        Touch("data/train/dog/a.jpg");
        Touch("data/train/cat/b.jpg");
        Touch("data/val/dog/c.jpg");
        Touch("data/test/bird/d.jpg");
        Touch("data/notes/x.jpg");
        var loaded = ImageFolderDataset.Load(Path.Combine(_dir, "data"));
        Assert.Equal(["bird", "cat", "dog"], loaded.Dataset.Classes);
        Assert.Equal(
            [("test/bird/d", Splits.Test), ("train/cat/b", Splits.Train), ("train/dog/a", Splits.Train), ("val/dog/c", Splits.Val)],
            loaded.Dataset.Samples.Select(s => (s.Id, s.Split)).OrderBy(p => p.Id, StringComparer.Ordinal));
        var problem = Assert.Single(loaded.Problems);
        Assert.Equal(Path.Combine(_dir, "data", "notes"), problem.File);
    }

    [Fact]
    public void The_seeded_split_is_stratified_by_class_and_reproducible()
    {
        for (int i = 0; i < 20; i++) Touch($"data/dog/{i:D2}.jpg");
        for (int i = 0; i < 10; i++) Touch($"data/cat/{i:D2}.jpg");
        var options = new DatasetLoadOptions { Seed = 7, Split = new SplitFractions(0.6, 0.2, 0.2) };
        var first = ImageFolderDataset.Load(Path.Combine(_dir, "data"), options).Dataset;
        var again = ImageFolderDataset.Load(Path.Combine(_dir, "data"), options).Dataset;
        var other = ImageFolderDataset.Load(Path.Combine(_dir, "data"), options with { Seed = 8 }).Dataset;
        int Count(Dataset d, string label, string split) => d.Samples.Count(s => s.Label == label && s.Split == split);
        Assert.Equal((12, 4, 4), (Count(first, "dog", Splits.Train), Count(first, "dog", Splits.Val), Count(first, "dog", Splits.Test)));
        Assert.Equal((6, 2, 2), (Count(first, "cat", Splits.Train), Count(first, "cat", Splits.Val), Count(first, "cat", Splits.Test)));
        Assert.Equal(first.Samples.Select(s => s.Split), again.Samples.Select(s => s.Split));
        Assert.NotEqual(first.Samples.Select(s => s.Split), other.Samples.Select(s => s.Split));
    }

    [Fact]
    public void Masks_come_from_a_parallel_folder_and_a_missing_one_is_a_problem_that_keeps_the_image()
    {
        Touch("data/dog/a.jpg");
        Touch("data/dog/b.jpg");
        Touch("masks/dog/a.png");
        var loaded = ImageFolderDataset.Load(Path.Combine(_dir, "data"), new DatasetLoadOptions { MaskRoot = Path.Combine(_dir, "masks") });
        var a = loaded.Dataset.Samples.Single(s => s.Id == "dog/a");
        Assert.Equal(Path.Combine(_dir, "masks", "dog", "a.png"), loaded.Dataset.MaskFullPath(a));
        var b = loaded.Dataset.Samples.Single(s => s.Id == "dog/b");
        Assert.Null(b.MaskPath);
        var problem = Assert.Single(loaded.Problems);
        Assert.Equal(Path.Combine(_dir, "masks", "dog", "b.png"), problem.File);
        Assert.Contains("mask", problem.Reason);
    }

    [Fact]
    public void Two_files_with_the_same_id_are_a_problem_naming_both()
    {
        Touch("data/dog/a.jpg");
        Touch("data/dog/a.png");
        var loaded = ImageFolderDataset.Load(Path.Combine(_dir, "data"));
        Assert.Single(loaded.Dataset.Samples);
        var problem = Assert.Single(loaded.Problems);
        Assert.Equal(Path.Combine(_dir, "data", "dog", "a.png"), problem.File);
        Assert.Contains(Path.Combine(_dir, "data", "dog", "a.jpg"), problem.Reason);
    }

    [Fact]
    public void A_file_the_verifier_rejects_is_left_out_with_its_reason()
    {
        Touch("data/dog/good.jpg", "image");
        var bad = Touch("data/dog/bad.jpg", "broken");
        var options = new DatasetLoadOptions { VerifyImage = p => { if (File.ReadAllText(p) == "broken") throw new InvalidDataException($"{p}: corrupt."); } };
        var loaded = ImageFolderDataset.Load(Path.Combine(_dir, "data"), options);
        Assert.Equal(["dog/good"], loaded.Dataset.Samples.Select(s => s.Id));
        var problem = Assert.Single(loaded.Problems);
        Assert.Equal(bad, problem.File);
        Assert.Contains("corrupt", problem.Reason);
    }

    [Fact]
    public void Optional_fields_are_left_out_of_a_saved_manifest_line()
    {
        var line = Json.Serialize(new Sample("a", "a.png", "dog", Splits.Train, "a dog"));
        Assert.DoesNotContain("mask", line);
        Assert.DoesNotContain("templated", line);
        Assert.Contains("\"caption_templated\":true", Json.Serialize(new Sample("a", "a.png", "dog", Splits.Train, "a dog", CaptionTemplated: true)));
    }
}

public sealed class SymbolicLinkTests : IDisposable
{
    private void Touch(string relative)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }

    private readonly string _dir = Directory.CreateTempSubdirectory("cf-links-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_link_inside_the_folder_that_leads_outside_is_left_out()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "data", "dog"));
        Directory.CreateDirectory(Path.Combine(_dir, "secret"));
        File.WriteAllText(Path.Combine(_dir, "secret", "key.jpg"), "x");
        File.WriteAllText(Path.Combine(_dir, "data", "dog", "real.jpg"), "x");
        File.CreateSymbolicLink(Path.Combine(_dir, "data", "dog", "link.jpg"), Path.Combine(_dir, "secret", "key.jpg"));
        File.CreateSymbolicLink(Path.Combine(_dir, "data", "dog", "inside.jpg"), Path.Combine(_dir, "data", "dog", "real.jpg"));
        Directory.CreateSymbolicLink(Path.Combine(_dir, "data", "cat"), Path.Combine(_dir, "secret"));
        var loaded = ImageFolderDataset.Load(Path.Combine(_dir, "data"));
        Assert.Equal(["dog/inside"], loaded.Dataset.Samples.Select(s => s.Id));
        Assert.Equal(2, loaded.Problems.Count(p => p.Reason.Contains("symbolic link")));
        Assert.Contains(loaded.Problems, p => p.File.EndsWith("real.jpg") && p.Reason.Contains("the same file as"));
    }

    [Fact]
    public void A_symbolic_link_loop_is_walked_once_and_listed()
    {
        for (int i = 0; i < 100; i++) Touch($"data/square/s{i:000}.png");
        for (int i = 0; i < 100; i++) Touch($"data/disc/d{i:000}.png");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "data", "square", "x_loop"), "..");

        var loaded = ImageFolderDataset.Load(Path.Combine(_dir, "data"));

        Assert.Equal(200, loaded.Dataset.Samples.Count);
        Assert.Equal(100, loaded.Dataset.Samples.Count(s => s.Label == "square"));
        Assert.All(loaded.Dataset.Samples.Where(s => s.Label == "disc"), s => Assert.StartsWith("disc/", s.ImagePath));
        Assert.Contains(loaded.Problems, p => p.File.EndsWith("x_loop") && p.Reason.Contains("same folder"));
    }

    [Fact]
    public void One_file_reached_under_two_labels_becomes_no_sample_and_never_lands_in_two_splits()
    {
        Touch("data/train/square/a.png");
        Touch("data/train/square/b.png");
        Touch("data/test/square/c.png");
        Touch("data/train/disc/d.png");
        File.CreateSymbolicLink(Path.Combine(_dir, "data", "train", "disc", "a.png"), Path.Combine(_dir, "data", "train", "square", "a.png"));
        File.CreateSymbolicLink(Path.Combine(_dir, "data", "test", "square", "b.png"), Path.Combine(_dir, "data", "train", "square", "b.png"));

        var loaded = ImageFolderDataset.Load(Path.Combine(_dir, "data"));

        Assert.Equal(["test/square/c", "train/disc/d"], loaded.Dataset.Samples.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal(4, loaded.Problems.Count(p => p.Reason.Contains("cannot be two samples")));
    }

    [Fact]
    public void A_linked_folder_outside_the_root_is_not_followed_and_an_unreadable_one_is_listed()
    {
        Touch("outside/x.png");
        Touch("data/dog/a.png");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "data", "dog", "elsewhere"), Path.Combine(_dir, "outside"));

        var loaded = ImageFolderDataset.Load(Path.Combine(_dir, "data"));

        Assert.Equal(["dog/a"], loaded.Dataset.Samples.Select(s => s.Id));
        Assert.Contains(loaded.Problems, p => p.Reason.Contains("outside the dataset root"));
    }
}
