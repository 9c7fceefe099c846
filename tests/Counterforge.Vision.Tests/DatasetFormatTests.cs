using Counterforge.Core.Data;
using Counterforge.Vision.Data;
using SkiaSharp;

namespace Counterforge.Vision.Tests;

/// <summary>Which format a --data path is read in, and how a dataset in counterforge's own format is checked.</summary>
public sealed class DatasetFormatTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cf-formats-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static byte[] Png(SKColor colour) => ImageBytes.Encode(16, 16, SKEncodedImageFormat.Png, canvas => canvas.Clear(colour));

    [Fact]
    public void A_dataset_in_counterforges_own_format_is_verified_and_a_truncated_image_is_left_out()
    {
        var good = Png(SKColors.Red);
        Write("own/a.png", good);
        Write("own/b.png", good[..(good.Length / 2)]);
        var samples = new[] { new Sample("a", "a.png", "dot", Splits.Train), new Sample("b", "b.png", "dot", Splits.Train) };
        new Dataset(Path.Combine(root, "own"), ["dot"], samples).Save();

        var loaded = ImageDatasets.LoadOwnFormat(Path.Combine(root, "own"));

        Assert.Equal(["a"], loaded.Dataset.Samples.Select(s => s.Id));
        Assert.Contains("sample 'b'", Assert.Single(loaded.Problems).File);
    }

    [Fact]
    public void A_folder_holding_a_users_manifest_is_read_as_that_manifest_even_beside_classes_txt()
    {
        Write("folder/images/a.png", Png(SKColors.Red));
        Write("folder/masks/a.png", Png(SKColors.White));
        File.WriteAllText(Path.Combine(root, "folder", "classes.txt"), "dot\nring\n");
        File.WriteAllText(Path.Combine(root, "folder", "manifest.jsonl"), """{"path":"images/a.png","label":"dot","mask":"masks/a.png","env":"1"}""" + "\n");

        Assert.False(Dataset.Exists(Path.Combine(root, "folder")));
        var loaded = ImageDatasets.Load(Path.Combine(root, "folder"));

        Assert.Equal(["dot", "ring"], loaded.Dataset.Classes);
        Assert.Equal("images/a", Assert.Single(loaded.Dataset.Samples).Id);
        Assert.Equal("1", loaded.Dataset.Samples[0].Attributes!["env"]);
    }

    [Fact]
    public void A_data_path_that_does_not_exist_is_said_to_not_exist()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ImageDatasets.Load(Path.Combine(root, "nowhere")));
        Assert.Contains("does not exist", error.Message);
    }

}
