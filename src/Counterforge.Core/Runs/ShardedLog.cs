namespace Counterforge.Core.Runs;

/// <summary>
/// A record file that shards write in parts: one process writes LOG (say counterfactuals.jsonl), shard I of N writes only
/// LOG's sibling NAME.shard-I-of-N.jsonl, so no two processes ever write the same file and a shared filesystem (NFS,
/// Lustre) is enough. Readers see the main file and every shard's file as one log.
/// </summary>
public static class ShardedLog
{
    /// <summary>The file shard <paramref name="shard"/> writes in place of <paramref name="log"/>; the log itself when not sharded.</summary>
    public static string PathOf(string log, Shard? shard) => shard is { } s
        ? Path.Combine(Path.GetDirectoryName(log)!, $"{Path.GetFileNameWithoutExtension(log)}.{s.FileTag}{Path.GetExtension(log)}")
        : log;

    /// <summary>The shard files of <paramref name="log"/> that exist, ordered by shard count, then index.</summary>
    public static IReadOnlyList<(Shard Shard, string Path)> ShardFiles(string log)
    {
        var folder = Path.GetDirectoryName(log)!;
        if (!Directory.Exists(folder)) return [];
        var (stem, extension) = (Path.GetFileNameWithoutExtension(log), Path.GetExtension(log));
        return Directory.EnumerateFiles(folder, $"{stem}.shard-*-of-*{extension}")
            .Select(path => (Shard: Shard.FromFileTag(Path.GetFileName(path)[(stem.Length + 1)..^extension.Length]), Path: path))
            .Where(f => f.Shard is not null)
            .Select(f => (f.Shard!.Value, f.Path))
            .OrderBy(f => f.Value.Count).ThenBy(f => f.Value.Index).ToList();
    }

    /// <summary>Every file of the log that exists: the main one first, then the shards'.</summary>
    public static IReadOnlyList<string> Files(string log) =>
        [.. File.Exists(log) ? [log] : Array.Empty<string>(), .. ShardFiles(log).Select(f => f.Path)];

    /// <summary>The records of every file of an append log, read tolerantly (<see cref="JsonlFile.ReadLog{T}"/>): the main file's, then each shard's.</summary>
    public static List<T> ReadLog<T>(string log, Action<string>? onSkipped = null) =>
        Files(log).SelectMany(f => JsonlFile.ReadLog<T>(f, onSkipped)).ToList();

    /// <summary>
    /// The records of an append log before this process appends to its own file (<paramref name="shard"/>'s, or the main
    /// one): its own file is repaired for appending (<see cref="JsonlFile.ReadLogForAppend{T}"/>), the others are only read,
    /// since other processes may be appending to them.
    /// </summary>
    public static List<T> ReadLogForAppend<T>(string log, Shard? shard, Action<string>? onSkipped = null)
    {
        var own = PathOf(log, shard);
        return Files(log).Where(f => f != own).SelectMany(f => JsonlFile.ReadLog<T>(f, onSkipped))
            .Concat(JsonlFile.ReadLogForAppend<T>(own, onSkipped)).ToList();
    }
}
