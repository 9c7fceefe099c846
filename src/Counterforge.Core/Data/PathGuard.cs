namespace Counterforge.Core.Data;

/// <summary>Resolves paths read from manifests so that none can point outside the folder they belong to.</summary>
public static class PathGuard
{
    private const int MaxLinkDepth = 40;

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

    /// <summary>
    /// <see cref="Resolve"/>, and the file as the system finds it, symbolic links followed, must lie inside the root too:
    /// for files read from a user's folder, where a link could lead anywhere.
    /// </summary>
    public static string ResolveFollowingLinks(string root, string relativePath, string where)
    {
        var full = Resolve(root, relativePath, where);
        if (!IsInside(RealPath(root), RealPath(full)))
            throw new InvalidDataException($"{where}: '{relativePath}' is a symbolic link (or lies under one) that leads outside its root {root}.");
        return full;
    }

    /// <summary>The file or folder a path names, with every symbolic link along it followed: its identity, however it is reached.</summary>
    public static string RealPath(string path) => RealPath(Path.GetFullPath(path), 0);

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies under it (both absolute, links already resolved).</summary>
    public static bool IsInside(string root, string path)
    {
        var prefix = root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return path == root.TrimEnd(Path.DirectorySeparatorChar) || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>The path with every symbolic link along it replaced by what it points to.</summary>
    private static string RealPath(string path, int depth)
    {
        if (depth > MaxLinkDepth) throw new InvalidDataException($"{path}: too many levels of symbolic links.");
        var current = Path.GetPathRoot(path)!;
        foreach (var part in path[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var target = File.Exists(current) || Directory.Exists(current) ? File.ResolveLinkTarget(current, returnFinalTarget: true) : null;
            if (target is not null) current = RealPath(Path.GetFullPath(target.FullName), depth + 1);
        }
        return current;
    }
}
