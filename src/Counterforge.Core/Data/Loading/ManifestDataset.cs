using System.Text.Json;

namespace Counterforge.Core.Data.Loading;

/// <summary>
/// A manifest of images: CSV with a header row, or JSONL with one object per line. Columns: <c>path</c> and <c>label</c>
/// (required), <c>split</c>, <c>caption</c>, <c>mask</c>, <c>id</c> (optional; the id defaults to the path without its
/// extension). Any other column is the image's metadata (an environment, a colour, a site): kept as a sample attribute,
/// which can define the groups of worst-group accuracy. Paths are relative to the manifest's folder, which is the dataset root. Classes come from the options, else
/// from <c>classes.txt</c> beside the manifest, else from the labels (sorted ordinally). Rows without a split get a seeded,
/// class-stratified one; rows without a caption get a templated one.
/// </summary>
public static class ManifestDataset
{
    public static readonly IReadOnlyList<string> Columns = ["path", "label", "split", "caption", "mask", "id"];

    public static LoadedDataset Load(string manifestPath, DatasetLoadOptions? options = null)
    {
        options ??= new DatasetLoadOptions();
        options.Split.Validate();
        manifestPath = Path.GetFullPath(manifestPath);
        if (!File.Exists(manifestPath)) throw new FileNotFoundException($"Manifest '{manifestPath}' does not exist.", manifestPath);
        var root = Path.GetDirectoryName(manifestPath)!;
        var problems = new List<DatasetProblem>();
        var rows = Path.GetExtension(manifestPath).ToLowerInvariant() switch
        {
            ".csv" => ReadCsv(manifestPath, problems),
            ".jsonl" => ReadJsonl(manifestPath, problems),
            var other => throw new InvalidDataException($"{manifestPath}: a manifest is .csv or .jsonl, not '{other}'."),
        };

        var candidates = new List<Candidate>();
        foreach (var (where, row) in rows)
        {
            var reason = Check(row);
            if (reason is not null) problems.Add(new DatasetProblem(where, reason + " Left out."));
            else candidates.Add(new Candidate($"{where} ({row.Path})", row.Id ?? IdOf(row.Path!), row.Path!, row.Label!, row.Split,
                string.IsNullOrWhiteSpace(row.Caption) ? null : row.Caption.Trim(), string.IsNullOrWhiteSpace(row.Mask) ? null : row.Mask,
                row.Attributes is { Count: > 0 } ? row.Attributes : null));
        }
        var classes = options.Classes ?? ClassesBeside(root) ?? candidates.Select(c => c.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0)
            throw new InvalidDataException($"{manifestPath}: no usable rows, so no classes ({problems.Count} rows refused"
                + (problems.Count > 0 ? $"; first: {string.Join("; ", problems.Take(3))}" : "") + ").");
        if (options.MaskRoot is not null)
            candidates = candidates.Select(c => c.MaskPath is null ? c with { MaskPath = Path.ChangeExtension(c.ImagePath, ".png") } : c).ToList();
        return DatasetAssembler.Assemble(root, classes, candidates, options, options.MaskRoot is null ? null : Path.GetFullPath(options.MaskRoot), problems);
    }

    /// <summary>One manifest row as written; every field is checked before use. <see cref="Attributes"/>: the other columns.</summary>
    private sealed record Row(string? Path, string? Label, string? Split = null, string? Caption = null, string? Mask = null, string? Id = null,
        IReadOnlyDictionary<string, string>? Attributes = null);

    private static string? Check(Row row)
    {
        if (string.IsNullOrWhiteSpace(row.Path)) return "field 'path' is missing or empty.";
        if (string.IsNullOrWhiteSpace(row.Label)) return "field 'label' is missing or empty.";
        if (row.Split is not null && !Splits.All.Contains(row.Split)) return $"field 'split' is '{row.Split}'; expected one of {string.Join(", ", Splits.All)}.";
        if (row.Id is not null && row.Id.Trim().Length == 0) return "field 'id' is empty.";
        return null;
    }

    private static List<(string Where, Row Row)> ReadCsv(string path, List<DatasetProblem> problems)
    {
        var records = CsvReader.Read(File.ReadAllText(path)).ToList();
        if (records.Count == 0) throw new InvalidDataException($"{path}: empty; a CSV manifest needs a header row naming its columns ({string.Join(", ", Columns)}).");
        var header = records[0];
        if (header.Error is not null) throw new InvalidDataException($"{path}:{header.Line}: the header row is malformed: {header.Error}.");
        var written = header.Fields.Select(f => f.Trim()).ToList();
        var names = written.Select(f => Columns.Contains(f.ToLowerInvariant()) ? f.ToLowerInvariant() : f).ToList();
        if (names.FirstOrDefault(n => n.Length == 0) is not null) throw new InvalidDataException($"{path}:{header.Line}: a column of the header row has no name.");
        var repeated = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new InvalidDataException($"{path}:{header.Line}: column '{repeated.Key}' appears twice.");
        foreach (var required in new[] { "path", "label" })
            if (!names.Contains(required)) throw new InvalidDataException($"{path}:{header.Line}: the header has no '{required}' column.");

        var rows = new List<(string, Row)>();
        foreach (var record in records.Skip(1))
        {
            var where = $"{path}:{record.Line}";
            if (record.Error is not null) { problems.Add(new DatasetProblem(where, $"malformed CSV: {record.Error}. Left out.")); continue; }
            if (record.Fields.Count != names.Count)
            {
                problems.Add(new DatasetProblem(where, $"{record.Fields.Count} fields where the header names {names.Count}. Left out."));
                continue;
            }
            string? Field(string name) { int i = names.IndexOf(name); return i < 0 || record.Fields[i].Length == 0 ? null : record.Fields[i]; }
            var attributes = names.Select((n, i) => (n, i)).Where(c => !Columns.Contains(c.n) && record.Fields[c.i].Length > 0)
                .ToDictionary(c => c.n, c => record.Fields[c.i], StringComparer.Ordinal);
            rows.Add((where, new Row(Field("path"), Field("label"), Field("split"), Field("caption"), Field("mask"), Field("id"), attributes)));
        }
        return rows;
    }

    private static List<(string, Row)> ReadJsonl(string path, List<DatasetProblem> problems)
    {
        var rows = new List<(string, Row)>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var where = $"{path}:{number}";
            var (row, problem) = JsonlRow(line);
            if (row is not null) rows.Add((where, row));
            else problems.Add(new DatasetProblem(where, $"not a manifest row: {problem}. Left out."));
        }
        return rows;
    }

    /// <summary>A JSON object whose known columns are strings; every other field (text, number, true/false) is kept as text.</summary>
    private static (Row? Row, string? Problem) JsonlRow(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            return (null, $"not JSON ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, $"a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object");
            var known = new Dictionary<string, string?>(StringComparer.Ordinal);
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var field in document.RootElement.EnumerateObject())
            {
                if (known.ContainsKey(field.Name) || attributes.ContainsKey(field.Name)) return (null, $"field '{field.Name}' appears twice");
                var value = field.Value;
                if (Columns.Contains(field.Name))
                {
                    if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                        return (null, $"field '{field.Name}' is a {value.ValueKind.ToString().ToLowerInvariant()}; expected a string");
                    known[field.Name] = value.ValueKind == JsonValueKind.Null ? null : value.GetString();
                }
                else if (value.ValueKind is JsonValueKind.String) attributes[field.Name] = value.GetString()!;
                else if (value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False) attributes[field.Name] = value.GetRawText();
                else if (value.ValueKind is not JsonValueKind.Null)
                    return (null, $"field '{field.Name}' is a {value.ValueKind.ToString().ToLowerInvariant()}; extra columns hold text, numbers or true/false");
            }
            string? Known(string name) => known.GetValueOrDefault(name);
            return (new Row(Known("path"), Known("label"), Known("split"), Known("caption"), Known("mask"), Known("id"), attributes), null);
        }
    }

    private static List<string>? ClassesBeside(string root)
    {
        var file = Path.Combine(root, Dataset.ClassesFile);
        return File.Exists(file) ? File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToList() : null;
    }

    private static string IdOf(string path)
    {
        var extension = Path.GetExtension(path);
        return path[..^extension.Length];
    }
}
