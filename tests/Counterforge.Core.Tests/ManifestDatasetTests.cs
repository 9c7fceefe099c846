using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;

namespace Counterforge.Core.Tests;

public sealed class ManifestDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-manifest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Touch(params string[] relatives)
    {
        foreach (var relative in relatives)
        {
            var path = Path.Combine(_dir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "x");
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_csv_manifest_reads_quoted_fields_and_optional_columns()
    {
        Touch("img/a.jpg", "img/b.jpg", "img/c.jpg", "m/a.png");
        var path = Write("manifest.csv",
            "path,label,split,caption,mask\r\n" +
            "img/a.jpg,dog,train,\"a dog, sitting \"\"happily\"\"\",m/a.png\r\n" +
            "img/b.jpg,cat,test,,\r\n" +
            "img/c.jpg,cat,,\"two\nlines\",\r\n");
        var loaded = ManifestDataset.Load(path);
        Assert.Empty(loaded.Problems);
        var samples = loaded.Dataset.Samples.ToDictionary(s => s.Id);
        Assert.Equal("a dog, sitting \"happily\"", samples["img/a"].Caption);
        Assert.False(samples["img/a"].CaptionTemplated);
        Assert.Equal("m/a.png", samples["img/a"].MaskPath);
        Assert.Equal("a photo of a cat", samples["img/b"].Caption);
        Assert.True(samples["img/b"].CaptionTemplated);
        Assert.Equal(Splits.Test, samples["img/b"].Split);
        Assert.Equal("two\nlines", samples["img/c"].Caption);
        Assert.Equal(["cat", "dog"], loaded.Dataset.Classes);
    }

    [Fact]
    public void Bad_csv_rows_are_problems_with_their_line_and_the_rest_loads()
    {
        Touch("a.jpg", "b.jpg", "c.jpg", "d.jpg");
        var path = Write("manifest.csv",
            "path,label\n" +
            "a.jpg,dog\n" +
            "b.jpg,dog,extra\n" +
            "c.jp\"g,dog\n" +
            "d.jpg,\n" +
            "../outside.jpg,dog\n");
        var loaded = ManifestDataset.Load(path);
        Assert.Equal(["a"], loaded.Dataset.Samples.Select(s => s.Id));
        Assert.Equal([$"{path}:3", $"{path}:4", $"{path}:5", $"{path}:6 (../outside.jpg)"], loaded.Problems.Select(p => p.File));
        Assert.Contains("3 fields where the header names 2", loaded.Problems[0].Reason);
        Assert.Contains("quote", loaded.Problems[1].Reason);
        Assert.Contains("'label'", loaded.Problems[2].Reason);
        Assert.Contains("escapes its root", loaded.Problems[3].Reason);
    }

    [Fact]
    public void Extra_csv_columns_are_kept_as_the_images_attributes()
    {
        Touch("a.jpg", "b.jpg");
        var path = Write("manifest.csv", "path,label,colour,Env\na.jpg,dog,red,2\nb.jpg,cat,,1\n");
        var loaded = ManifestDataset.Load(path);
        Assert.Empty(loaded.Problems);
        var samples = loaded.Dataset.Samples.ToDictionary(s => s.Id);
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "red", ["Env"] = "2" }, samples["a"].Attributes);
        Assert.Equal(new Dictionary<string, string> { ["Env"] = "1" }, samples["b"].Attributes);
    }

    [Fact]
    public void Extra_jsonl_fields_of_every_plain_type_are_kept_and_only_nested_values_refuse_a_row()
    {
        Touch("a.jpg", "b.jpg", "c.jpg");
        var path = Write("manifest.jsonl", string.Join("\n",
            """{"path":"a.jpg","label":"dog","colour":"red","env":2,"digit":7,"flipped":true,"note":null}""",
            """{"path":"b.jpg","label":"cat","env":0.5}""",
            """{"path":"c.jpg","label":"cat","box":[1,2,3,4]}"""));
        var loaded = ManifestDataset.Load(path);
        var samples = loaded.Dataset.Samples.ToDictionary(s => s.Id);
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "red", ["env"] = "2", ["digit"] = "7", ["flipped"] = "true" }, samples["a"].Attributes);
        Assert.Equal("0.5", samples["b"].Attributes!["env"]);
        Assert.Contains("'box' is a array", Assert.Single(loaded.Problems).Reason);
    }

    [Fact]
    public void A_manifest_whose_every_row_is_refused_says_why()
    {
        var path = Write("manifest.jsonl", "{\"file\":\"a.jpg\"}\n{\"path\":\"b.jpg\"}\n");
        var error = Assert.Throws<InvalidDataException>(() => ManifestDataset.Load(path));
        Assert.Contains("2 rows refused", error.Message);
        Assert.Contains("'path' is missing", error.Message);
    }

    [Fact]
    public void A_jsonl_manifest_checks_classes_splits_fields_and_duplicates()
    {
        Touch("a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.png");
        File.WriteAllLines(Path.Combine(_dir, Dataset.ClassesFile), ["dog", "cat"]);
        var path = Write("data.jsonl", string.Join("\n",
            """{"path":"a.jpg","label":"dog","split":"train","caption":"a dog on grass"}""",
            """{"path":"b.jpg","label":"horse"}""",
            """{"path":"c.jpg","label":"cat","split":"holdout"}""",
            """{"path":"d.jpg","label":"cat","colour":"red"}""",
            """{"path":"e.jpg","label":"cat","id":"a"}""",
            """{"path":"f.png","label":"cat"}""",
            """{"path":"f.png","label":"dog","id":"f2"}""",
            "not json"));
        var loaded = ManifestDataset.Load(path);
        Assert.Equal(["dog", "cat"], loaded.Dataset.Classes);
        Assert.Equal(["a", "d"], loaded.Dataset.Samples.Select(s => s.Id));
        Assert.Equal("red", loaded.Dataset.Samples[1].Attributes!["colour"]);
        var problems = loaded.Problems.Select(p => p.ToString()).ToList();
        Assert.Equal(6, problems.Count);
        Assert.Contains(problems, p => p.StartsWith($"{path}:2") && p.Contains("'horse' is not a class"));
        Assert.Contains(problems, p => p.StartsWith($"{path}:3") && p.Contains("'holdout'"));
        Assert.Contains(problems, p => p.StartsWith($"{path}:6") && p.Contains("cannot be two samples"));
        Assert.Contains(problems, p => p.StartsWith($"{path}:5") && p.Contains($"id 'a' is already used by {path}:1"));
        Assert.Contains(problems, p => p.StartsWith($"{path}:7") && p.Contains("cannot be two samples"));
        Assert.Contains(problems, p => p.StartsWith($"{path}:8"));
    }

    [Fact]
    public void A_mask_path_that_escapes_its_root_drops_the_mask_but_keeps_the_image()
    {
        Touch("a.jpg");
        var path = Write("manifest.jsonl", """{"path":"a.jpg","label":"dog","mask":"../../etc/passwd"}""");
        var loaded = ManifestDataset.Load(path);
        Assert.Null(Assert.Single(loaded.Dataset.Samples).MaskPath);
        Assert.Contains("escapes its root", Assert.Single(loaded.Problems).Reason);
    }
}
