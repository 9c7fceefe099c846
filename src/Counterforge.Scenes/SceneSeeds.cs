using System.Text;

namespace Counterforge.Scenes;

/// <summary>
/// Seeds that are the same in every process and on every machine. string.GetHashCode and HashCode.Combine are
/// randomised per process, so they would make renders and datasets unreproducible.
/// </summary>
internal static class SceneSeeds
{
    /// <summary>FNV-1a over the seed's bytes and the parts' UTF-8 bytes (with separators), finished with a SplitMix64 mix.</summary>
    public static ulong Hash(long seed, params string[] parts)
    {
        ulong h = 14695981039346656037UL;
        for (int i = 0; i < 8; i++) h = Step(h, (byte)(seed >> (8 * i)));
        foreach (var part in parts)
        {
            h = Step(h, 0xFF); // separator: ("ab","c") and ("a","bc") must differ
            foreach (var b in Encoding.UTF8.GetBytes(part)) h = Step(h, b);
        }
        h ^= h >> 30; h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27; h *= 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }

    /// <summary>A non-negative int seed for <see cref="Random"/>, whose seeded sequence is fixed across .NET versions.</summary>
    public static int Seed(long seed, params string[] parts) => (int)(Hash(seed, parts) & 0x7FFFFFFF);

    public static Random Random(long seed, params string[] parts) => new(Seed(seed, parts));

    private static ulong Step(ulong h, byte b) => (h ^ b) * 1099511628211UL;
}
