using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Counterforge.Core.Runs;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/>: the items whose stable hash falls in it. An item is one source image
/// and everything made from it (its caption, its edits, their counterfactuals, their predictions), keyed by the source's
/// id, so a source's work stays in one shard. The hash is SHA-256 of the id's UTF-8 bytes: the same on every machine and
/// in every process, whatever the order the items come in, so N processes started anywhere split the work the same way
/// and together do every item exactly once.
/// </summary>
public readonly record struct Shard
{
    public Shard(int index, int count)
    {
        if (count < 1) throw new ArgumentException($"shard count {count}: at least 1.");
        if (index < 0 || index >= count) throw new ArgumentException($"shard {index}/{count}: the index counts from 0 to {count - 1}.");
        (Index, Count) = (index, count);
    }

    public int Index { get; }

    public int Count { get; }

    /// <summary>The shard an item's key falls in, of <paramref name="count"/>.</summary>
    public static int Of(string key, int count)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return (int)(BinaryPrimitives.ReadUInt64LittleEndian(hash) % (ulong)count);
    }

    public bool Contains(string key) => Of(key, Count) == Index;

    /// <summary>"I/N", as the command line's --shard takes it (and a cluster's array index gives I).</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            throw new ArgumentException($"--shard '{text}': expected I/N, shard I (from 0) of N, e.g. 0/4.");
        try
        {
            return new Shard(index, count);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--shard '{text}': {e.Message}", e);
        }
    }

    /// <summary>What a shard's own files carry in their names: "shard-I-of-N".</summary>
    public string FileTag => $"shard-{Index}-of-{Count}";

    /// <summary>The shard a file tag names ("shard-2-of-8"), or null when it names none.</summary>
    public static Shard? FromFileTag(string tag)
    {
        var parts = tag.Split('-');
        if (parts is not ["shard", var i, "of", var n]) return null;
        if (!int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1 || index >= count) return null;
        return new Shard(index, count);
    }

    public override string ToString() => $"{Index}/{Count}";
}
