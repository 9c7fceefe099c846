using System.Text;

namespace Counterforge.Core.Runs;

/// <summary>
/// A JSONL file of records, read strictly (each bad line is reported with its line number) and appended to in whole lines,
/// so that a run killed mid-write loses at most the line it was writing.
/// </summary>
public static class JsonlFile
{
    public static List<T> ReadAll<T>(string path)
    {
        var records = new List<T>();
        if (!File.Exists(path)) return records;
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            records.Add(Json.Deserialize<T>(line, $"{path}:{number}"));
        }
        return records;
    }

    public static void WriteAll<T>(string path, IEnumerable<T> records) =>
        AtomicFile.WriteAllLines(path, records.Select(r => Json.Serialize(r)));

    /// <summary>
    /// Reads the complete lines of a file that a killed run may have left with a torn last line, and cuts that line off
    /// so that appending can go on. Lines that do not parse are dropped the same way: the items they stood for get redone.
    /// </summary>
    public static List<T> ReadCompleteAndTruncate<T>(string path)
    {
        var records = new List<T>();
        if (!File.Exists(path)) return records;
        var bytes = File.ReadAllBytes(path);
        long keep = 0;
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            var line = Encoding.UTF8.GetString(bytes, start, i - start);
            try
            {
                if (!string.IsNullOrWhiteSpace(line)) records.Add(Json.Deserialize<T>(line, path));
            }
            catch (InvalidDataException)
            {
                break;
            }
            keep = i + 1;
            start = i + 1;
        }
        if (keep != bytes.Length)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(keep);
        }
        return records;
    }

    /// <summary>Appends whole lines and flushes them to disk before returning.</summary>
    public static void Append<T>(string path, IEnumerable<T> records)
    {
        var builder = new StringBuilder();
        foreach (var record in records) builder.Append(Json.Serialize(record)).Append('\n');
        if (builder.Length == 0) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(Encoding.UTF8.GetBytes(builder.ToString()));
        stream.Flush(flushToDisk: true);
    }
}
