using System.Text;
using System.Text.RegularExpressions;

namespace Counterforge.Core.Runs;

/// <summary>
/// Writes files so that a reader (or a resumed run) sees either the old content or the whole new content, never a part,
/// even after a power loss: the data is flushed before the rename and the folder after it.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>The temporary name of a write in progress: ".NAME.PID.GUID.tmp" beside its target.</summary>
    [GeneratedRegex(@"^\..+\.[0-9]+\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TemporaryName();

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            FolderSync.Flush(directory);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text));

    public static void WriteAllLines(string path, IEnumerable<string> lines)
    {
        var builder = new StringBuilder();
        foreach (var line in lines) builder.Append(line).Append('\n');
        WriteAllText(path, builder.ToString());
    }

    /// <summary>
    /// Deletes the temporary files that killed writes left under <paramref name="root"/>: only names this class makes, and
    /// only in real folders inside it (a symbolic link is never followed, so nothing outside the root is touched).
    /// </summary>
    public static void RemoveAbandoned(string root)
    {
        var pending = new Stack<string>([root]);
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options))
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo sub) pending.Push(sub.FullName);
                else if (TemporaryName().IsMatch(entry.Name)) entry.Delete();
            }
        }
    }
}
