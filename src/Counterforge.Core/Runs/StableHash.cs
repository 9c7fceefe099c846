using System.Text;

namespace Counterforge.Core.Runs;

/// <summary>FNV-1a over UTF-8: the same value in every process, unlike string.GetHashCode, so seeds derived from names are reproducible.</summary>
public static class StableHash
{
    public static ulong Of(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }

    public static int Seed(params object[] parts) => (int)(Of(string.Join("\u001f", parts)) & 0x7fffffff);
}
