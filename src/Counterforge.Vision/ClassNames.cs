namespace Counterforge.Vision;

/// <summary>Class names from a text file: one per line in output order, blank lines and <c>#</c> comments ignored.</summary>
public static class ClassNames
{
    public static IReadOnlyList<string> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Class names file not found: '{path}'.", path);
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var name = raw.Trim();
            if (name.Length == 0 || name.StartsWith('#')) continue;
            if (!seen.Add(name)) throw new InvalidDataException($"Class names file '{path}', line {lineNumber}: '{name}' appears twice.");
            names.Add(name);
        }
        if (names.Count == 0) throw new InvalidDataException($"Class names file '{path}' names no class.");
        return names;
    }
}
