using Counterforge.Core.Edits;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Tests;

/// <summary>The shard arithmetic the Slurm and Kubernetes paths share (--shard I/N), the shards' files, and the error that names a missing shard.</summary>
public sealed class ShardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-shard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Ids = [.. Enumerable.Range(0, 1000).Select(i => $"val-{i:00000}")];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(64)]
    public void Every_item_falls_in_exactly_one_of_n_shards(int n)
    {
        foreach (var id in Ids)
            Assert.Single(Enumerable.Range(0, n), i => new Shard(i, n).Contains(id));
    }

    [Fact]
    public void The_shard_of_an_item_depends_on_its_id_alone_not_on_order_or_process()
    {
        // SHA-256 of the UTF-8 id, its first 8 bytes little-endian, modulo N: fixed values any machine reproduces.
        Assert.Equal(Shard.Of("val-00000", 4), Shard.Of(new string("val-00000".ToCharArray()), 4));
        var forward = Ids.Select(id => Shard.Of(id, 8)).ToList();
        var backward = Ids.Reverse().Select(id => Shard.Of(id, 8)).Reverse().ToList();
        Assert.Equal(forward, backward);
        Assert.Equal(0, Shard.Of("anything", 1));
    }

    [Fact]
    public void Shards_are_near_equal_in_size()
    {
        var sizes = Ids.GroupBy(id => Shard.Of(id, 4)).Select(g => g.Count()).ToList();
        Assert.Equal(4, sizes.Count);
        Assert.All(sizes, s => Assert.InRange(s, 200, 300)); // 250 expected; a hash, not a round-robin
    }

    [Theory]
    [InlineData("0/4", 0, 4)]
    [InlineData("3/4", 3, 4)]
    [InlineData("0/1", 0, 1)]
    public void Parses_i_of_n(string text, int index, int count)
    {
        var shard = Shard.Parse(text);
        Assert.Equal((index, count), (shard.Index, shard.Count));
        Assert.Equal(text, shard.ToString());
        Assert.Equal(shard, Shard.FromFileTag(shard.FileTag));
    }

    [Theory]
    [InlineData("4/4", "counts from 0 to 3")]
    [InlineData("1/0", "at least 1")]
    [InlineData("-1/4", "expected I/N")]
    [InlineData("2", "expected I/N")]
    [InlineData("a/b", "expected I/N")]
    [InlineData("1/2/3", "expected I/N")]
    public void A_wrong_shard_is_refused_with_what_is_expected(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Shard.Parse(text));
        Assert.Contains($"--shard '{text}'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Each_shard_writes_a_file_of_its_own_and_readers_see_them_all_as_one_log()
    {
        var log = Path.Combine(_dir, "edits.jsonl");
        Assert.Equal(log, ShardedLog.PathOf(log, null));
        Assert.Equal(Path.Combine(_dir, "edits.shard-1-of-3.jsonl"), ShardedLog.PathOf(log, new Shard(1, 3)));
        JsonlFile.Append(ShardedLog.PathOf(log, new Shard(2, 3)), [Edit.Null("c", "z")]);
        JsonlFile.Append(ShardedLog.PathOf(log, new Shard(0, 3)), [Edit.Null("a", "x")]);
        JsonlFile.Append(log, [Edit.Null("m", "y")]);
        File.WriteAllText(Path.Combine(_dir, "edits.shard-x-of-3.jsonl"), "not a shard's");
        Assert.Equal([new Shard(0, 3), new Shard(2, 3)], ShardedLog.ShardFiles(log).Select(f => f.Shard));
        Assert.Equal(["m", "a", "c"], ShardedLog.ReadLog<Edit>(log).Select(e => e.SourceId));
    }

    [Fact]
    public void Items_missing_from_a_sharded_log_name_the_shards_that_did_not_run_or_did_not_finish_and_the_commands()
    {
        var run = new RunFolder(Path.Combine(_dir, "run"));
        var inZero = Ids.First(id => Shard.Of(id, 3) == 0);
        var inTwo = Ids.Where(id => Shard.Of(id, 3) == 2).Take(2).ToList();
        JsonlFile.Append(ShardedLog.PathOf(run.CounterfactualsFile, new Shard(0, 3)), [Edit.Null(inZero, "x")]);
        JsonlFile.Append(ShardedLog.PathOf(run.CounterfactualsFile, new Shard(1, 3)), [Edit.Null("b", "x")]);

        var error = MissingShardsException.For("generate", run, run.CounterfactualsFile, [inZero, .. inTwo], "3 edits have no counterfactual");

        Assert.NotNull(error);
        Assert.Equal([new Shard(2, 3)], error.Gaps.Missing);
        Assert.Equal([new Shard(0, 3)], error.Gaps.Unfinished);
        Assert.Contains("shard 2/3 did not run (no file)", error.Message);
        Assert.Contains("shard 0/3 stopped before its end", error.Message);
        Assert.Contains($"`counterforge generate --out {run.Root} --shard 0/3`", error.Message);
        Assert.Contains($"`counterforge generate --out {run.Root} --shard 2/3`", error.Message);
        Assert.DoesNotContain("--shard 1/3", error.Message);
        Assert.Null(MissingShardsException.For("generate", run, run.EditsFile, [inZero], "not sharded"));
    }

    [Fact]
    public void Shards_run_beside_each_other_but_not_twice_at_once_nor_beside_a_whole_folder_verb()
    {
        var run = new RunFolder(Path.Combine(_dir, "locks"));
        File.WriteAllText(run.RunJson, "{}");
        using (run.LockShard(new Shard(0, 2)))
        using (run.LockShard(new Shard(1, 2)))
        {
            Assert.Contains("already running", Assert.Throws<InvalidOperationException>(() => run.LockShard(new Shard(1, 2))).Message);
            Assert.Contains("Another counterforge process", Assert.Throws<InvalidOperationException>(() => run.Lock()).Message);
        }
        using (run.Lock())
            Assert.Contains("holds the whole of", Assert.Throws<InvalidOperationException>(() => run.LockShard(new Shard(0, 2))).Message);
        using (run.LockShard(new Shard(1, 2))) { } // free again
    }
}
