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
        var kept = JsonlFile.ReadLogForAppend<Edit>(path);
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

    [Fact]
    public void A_damaged_line_in_the_middle_of_a_log_costs_only_its_own_record_and_is_moved_aside_once()
    {
        var path = Path.Combine(_dir, "counterfactuals.jsonl");
        JsonlFile.Append(path, Enumerable.Range(0, 300).Select(i => Edit.Null($"s{i}", "x")));
        var lines = File.ReadAllLines(path);
        lines[9] = "{\"source_id\":\"s9\",\"orig#garbage";
        File.WriteAllLines(path, lines);
        var reported = new List<string>();

        var kept = JsonlFile.ReadLogForAppend<Edit>(path, reported.Add);

        Assert.Equal(299, kept.Count);
        Assert.DoesNotContain(kept, e => e.SourceId == "s9");
        Assert.Contains(kept, e => e.SourceId == "s299");
        Assert.Contains($"{path}:10", Assert.Single(reported));
        Assert.Contains("orig#garbage", File.ReadAllText(path + ".bad-lines.txt"));
        reported.Clear();
        Assert.Equal(299, JsonlFile.ReadLog<Edit>(path, reported.Add).Count);
        Assert.Empty(reported);
    }

    [Fact]
    public void Reading_a_log_ignores_a_torn_last_line_without_changing_the_file()
    {
        var path = Path.Combine(_dir, "captions.jsonl");
        JsonlFile.Append(path, [Edit.Null("a", "x")]);
        File.AppendAllText(path, "{\"source_id\":\"b\",\"orig");
        var before = File.ReadAllBytes(path);
        Assert.Equal(["a"], JsonlFile.ReadLog<Edit>(path).Select(e => e.SourceId));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    private static string AbandonedTemporaryName(string target) => $".{target}.4242.{Guid.NewGuid():N}.tmp";

    [Fact]
    public void Claiming_a_run_folder_removes_only_its_own_abandoned_writes_and_never_follows_a_link_out_of_it()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_dir, "outside")).FullName;
        var canaries = new[] { Path.Combine(outside, ".x.tmp"), Path.Combine(outside, AbandonedTemporaryName("y.png")) };
        foreach (var canary in canaries) File.WriteAllText(canary, "keep me");
        var root = Directory.CreateDirectory(Path.Combine(_dir, "run")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(root, "l"), outside);
        Directory.CreateDirectory(Path.Combine(root, "images", "cf"));
        var abandoned = Path.Combine(root, "images", "cf", AbandonedTemporaryName("e1.png"));
        var users = Path.Combine(root, ".notes.tmp");
        File.WriteAllText(abandoned, "half");
        File.WriteAllText(users, "mine");
        File.WriteAllText(Path.Combine(root, "run.json"), "{}");

        using (new RunFolder(root).Lock()) { }

        Assert.All(canaries, c => Assert.Equal("keep me", File.ReadAllText(c)));
        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(users));
    }

    [Fact]
    public void A_folder_that_holds_files_but_no_run_is_refused_and_left_as_it_was()
    {
        var home = Directory.CreateDirectory(Path.Combine(_dir, "home")).FullName;
        var file = Path.Combine(home, AbandonedTemporaryName("thesis.tex"));
        File.WriteAllText(file, "years of work");

        var error = Assert.Throws<InvalidOperationException>(() => new RunFolder(home).Lock());

        Assert.Contains("holds no counterforge run", error.Message);
        Assert.Equal([file], Directory.GetFileSystemEntries(home));
    }

    [Theory]
    [InlineData("../../inside~null")]
    [InlineData("deep/../../../models/fake~null")]
    [InlineData("/etc/passwd~null")]
    [InlineData("a/./b~null")]
    public void An_id_never_names_a_path_outside_the_counterfactual_folder(string editId)
    {
        var run = new RunFolder(Path.Combine(_dir, "run"));
        var full = run.Resolve(run.CounterfactualImage(editId));
        Assert.Equal(run.CounterfactualImages, Path.GetDirectoryName(full));
    }

    [Fact]
    public void Ids_that_read_alike_get_different_files()
    {
        var run = new RunFolder(Path.Combine(_dir, "run"));
        Assert.NotEqual(run.CounterfactualImage("a/b~null"), run.CounterfactualImage("a/./b~null"));
        Assert.NotEqual(run.CounterfactualImage("a b~null"), run.CounterfactualImage("a_b~null"));
    }
}
