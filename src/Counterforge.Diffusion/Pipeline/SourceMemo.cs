namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// Results an editor computes the same way for every edit of one source (its DDIM inversion under the source caption,
/// DiffEdit's subject mask): a run makes many edits of each image, so these are kept, least recently used first out,
/// within a budget of floats. The key holds the source's latent itself, compared value for value, so another image never
/// shares an entry, and the values are the very arrays computed: a caller must not change them.
/// </summary>
internal sealed class SourceMemo<T>(long budgetFloats, Func<T, long> floatsOf) where T : class
{
    private readonly LinkedList<Entry> order = new();
    private readonly Dictionary<(string Key, int LatentHash), LinkedListNode<Entry>> index = [];
    private readonly object gate = new();
    private long held;

    private sealed record Entry((string Key, int LatentHash) Id, float[] Latent, T Value, long Floats);

    public int Count { get { lock (gate) return order.Count; } }

    public T GetOrCompute(ReadOnlySpan<float> latent, string key, Func<T> compute)
    {
        var id = (key, HashOf(latent));
        lock (gate)
        {
            if (index.TryGetValue(id, out var node) && latent.SequenceEqual(node.Value.Latent))
            {
                order.Remove(node);
                order.AddFirst(node);
                return node.Value.Value;
            }
        }
        var value = compute();
        var entry = new Entry(id, latent.ToArray(), value, latent.Length + floatsOf(value));
        if (entry.Floats > budgetFloats) return value;
        lock (gate)
        {
            if (index.Remove(id, out var stale))
            {
                order.Remove(stale);
                held -= stale.Value.Floats;
            }
            index[id] = order.AddFirst(entry);
            held += entry.Floats;
            while (held > budgetFloats && order.Last is { } oldest)
            {
                held -= oldest.Value.Floats;
                index.Remove(oldest.Value.Id);
                order.RemoveLast();
            }
        }
        return value;
    }

    private static int HashOf(ReadOnlySpan<float> latent)
    {
        var hash = new HashCode();
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(latent));
        return hash.ToHashCode();
    }
}
