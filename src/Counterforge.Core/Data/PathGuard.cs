namespace Counterforge.Core.Data;

/// <summary>Resolves paths read from manifests so that none can point outside the folder they belong to.</summary>
public static class PathGuard
{
    public static string Resolve(string root, string relativePath, string where)
    {
        if (string.IsNullOrWhiteSpace(relativePath))
            throw new InvalidDataException($"{where}: the path is empty.");
        if (Path.IsPathRooted(relativePath))
            throw new InvalidDataException($"{where}: '{relativePath}' is absolute; paths must be relative to {root}.");
        var fullRoot = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(fullRoot, relativePath));
        if (!full.StartsWith(fullRoot, StringComparison.Ordinal))
            throw new InvalidDataException($"{where}: '{relativePath}' escapes its root {root}.");
        return full;
    }
}
