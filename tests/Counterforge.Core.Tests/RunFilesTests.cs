using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Tests;

public sealed class RunFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-core-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_torn_last_line_is_cut_off_and_appending_goes_on()
    {
        var path = Path.Combine(_dir, "edits.jsonl");
        JsonlFile.Append(path, [Edit.Null("a", "x"), Edit.Null("b", "y")]);
        File.AppendAllText(path, "{\"source_id\":\"c\",\"orig");
        var kept = JsonlFile.ReadCompleteAndTruncate<Edit>(path);
        Assert.Equal(["a", "b"], kept.Select(e => e.SourceId));
        JsonlFile.Append(path, [Edit.Null("c", "z")]);
        Assert.Equal(["a", "b", "c"], JsonlFile.ReadAll<Edit>(path).Select(e => e.SourceId));
    }

    [Fact]
    public void A_bad_line_is_reported_with_its_file_line_and_field()
    {
        var path = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllText(path, Json.Serialize(Edit.Null("a", "x")) + "\n{\"source_id\": 3}\n");
        var error = Assert.Throws<InvalidDataException>(() => JsonlFile.ReadAll<Edit>(path));
        Assert.Contains("bad.jsonl:2", error.Message);
        Assert.Contains("source_id", error.Message);
    }

    [Fact]
    public void Unknown_fields_are_rejected_rather_than_ignored()
    {
        var error = Assert.Throws<InvalidDataException>(() => Json.Deserialize<Edit>("{\"source_id\":\"a\",\"original\":\"x\",\"edited\":\"x\",\"kind\":\"null\",\"oops\":1}", "m.jsonl:1"));
        Assert.Contains("oops", error.Message);
    }

    [Theory]
    [InlineData("../outside.png")]
    [InlineData("images/../../outside.png")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void Manifest_paths_cannot_escape_their_root(string path)
    {
        var error = Assert.Throws<InvalidDataException>(() => PathGuard.Resolve(_dir, path, "manifest.jsonl:7 field image_path"));
        Assert.Contains("manifest.jsonl:7 field image_path", error.Message);
    }

    [Fact]
    public void A_dataset_refuses_an_image_in_two_splits()
    {
        var samples = new[] { new Sample("a", "img/1.png", "star", Splits.Train), new Sample("b", "img/1.png", "star", Splits.Test) };
        var error = Assert.Throws<InvalidDataException>(() => new Dataset(_dir, ["star"], samples));
        Assert.Contains("img/1.png", error.Message);
    }

    [Fact]
    public void A_dataset_refuses_duplicate_ids_and_unknown_labels()
    {
        Assert.Contains("'a'", Assert.Throws<InvalidDataException>(() => new Dataset(_dir, ["star"],
            [new Sample("a", "1.png", "star", Splits.Train), new Sample("a", "2.png", "star", Splits.Train)])).Message);
        Assert.Contains("'moon'", Assert.Throws<InvalidDataException>(() => new Dataset(_dir, ["star"],
            [new Sample("a", "1.png", "moon", Splits.Train)])).Message);
    }

    [Fact]
    public void Atomic_writes_leave_no_temporary_files()
    {
        var path = Path.Combine(_dir, "sub", "x.json");
        AtomicFile.WriteAllText(path, "1");
        AtomicFile.WriteAllText(path, "2");
        Assert.Equal("2", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "sub")));
    }
}
