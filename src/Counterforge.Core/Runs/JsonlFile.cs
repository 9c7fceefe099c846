using System.Text;

namespace Counterforge.Core.Runs;

/// <summary>
/// JSONL files of records. Files written whole (edits, samples, predictions) are read strictly: a bad line is an error
/// naming its file and line. Logs that stages append to item by item (captions, counterfactuals) are read tolerantly: a
/// killed run may leave a torn last line, and a line damaged later costs only its own item, which is redone.
/// </summary>
public static class JsonlFile
{
    /// <summary>Every record of a file written whole; the first bad line throws, naming file, line and field.</summary>
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
    /// The records of an append log: a torn last line (no line end yet) is not a record; a complete line that does not
    /// parse is reported through <paramref name="onSkipped"/> with its file and line, and reading goes on.
    /// </summary>
    public static List<T> ReadLog<T>(string path, Action<string>? onSkipped = null)
    {
        var scan = Scan<T>(path);
        foreach (var line in scan.Bad) onSkipped?.Invoke(line.Problem);
        return scan.Records;
    }

    /// <summary>
    /// <see cref="ReadLog{T}"/> before appending: the torn last line is cut off, and damaged lines are moved to
    /// <c>FILE.bad-lines.txt</c> (the log is rewritten atomically without them), so that appending goes on from whole
    /// lines and the damage is reported once; the items they stood for are missing and get redone.
    /// </summary>
    public static List<T> ReadLogForAppend<T>(string path, Action<string>? onSkipped = null)
    {
        var scan = Scan<T>(path);
        if (scan.Bad.Count > 0)
        {
            var badFile = path + ".bad-lines.txt";
            File.AppendAllLines(badFile, scan.Bad.Select(b => $"line {b.Line}: {b.Text}"));
            AtomicFile.WriteAllLines(path, scan.GoodLines);
            foreach (var line in scan.Bad) onSkipped?.Invoke($"{line.Problem} Moved to {badFile}; its item is redone.");
        }
        else if (File.Exists(path) && scan.CompleteLength != new FileInfo(path).Length)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(scan.CompleteLength);
        }
        return scan.Records;
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

    private sealed record BadLine(int Line, string Text, string Problem);

    private sealed record LogScan<T>(List<T> Records, List<string> GoodLines, List<BadLine> Bad, long CompleteLength);

    /// <summary>The records of the complete lines and their text, the lines that do not parse, and the byte length of the complete lines.</summary>
    private static LogScan<T> Scan<T>(string path)
    {
        var scan = new LogScan<T>([], [], [], 0);
        if (!File.Exists(path)) return scan;
        var bytes = File.ReadAllBytes(path);
        int start = 0, number = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            number++;
            var line = Encoding.UTF8.GetString(bytes, start, i - start);
            start = i + 1;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                scan.Records.Add(Json.Deserialize<T>(line, $"{path}:{number}"));
                scan.GoodLines.Add(line);
            }
            catch (InvalidDataException e)
            {
                scan.Bad.Add(new BadLine(number, line, $"{e.Message} The line is skipped."));
            }
        }
        return scan with { CompleteLength = start };
    }
}
