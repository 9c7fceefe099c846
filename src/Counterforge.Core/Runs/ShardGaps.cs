namespace Counterforge.Core.Runs;

/// <summary>The shards of a sharded log that items are missing from: those that wrote nothing and those that stopped early.</summary>
public sealed record ShardGaps(IReadOnlyList<Shard> Missing, IReadOnlyList<Shard> Unfinished)
{
    /// <summary>
    /// The shards <paramref name="missingKeys"/> fall in, for the shard count of the shard file written last; null when the
    /// log has no shard files.
    /// </summary>
    public static ShardGaps? Of(string log, IEnumerable<string> missingKeys)
    {
        var files = ShardedLog.ShardFiles(log);
        if (files.Count == 0) return null;
        int count = files.MaxBy(f => File.GetLastWriteTimeUtc(f.Path)).Shard.Count;
        var written = files.Where(f => f.Shard.Count == count).Select(f => f.Shard).ToHashSet();
        var shards = missingKeys.Select(k => new Shard(Shard.Of(k, count), count)).Distinct().OrderBy(s => s.Index).ToList();
        return new ShardGaps(shards.Where(s => !written.Contains(s)).ToList(), shards.Where(written.Contains).ToList());
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Missing.Count > 0) parts.Add($"shard{(Missing.Count > 1 ? "s" : "")} {string.Join(", ", Missing)} did not run (no file)");
        if (Unfinished.Count > 0) parts.Add($"shard{(Unfinished.Count > 1 ? "s" : "")} {string.Join(", ", Unfinished)} stopped before {(Unfinished.Count > 1 ? "their" : "its")} end");
        return string.Join("; ", parts);
    }
}
