namespace Counterforge.Cli.Stages;

/// <summary>Resolves one setting: the option the user gave, else what run.json records, else the default; a given option that contradicts the record is refused.</summary>
internal sealed class SpecMerge(string runJson)
{
    public T Pick<T>(string option, T? given, T? recorded, T fallback, bool recordedSection) where T : struct =>
        PickOptional(option, given, recorded, recordedSection) ?? fallback;

    public string Pick(string option, string? given, string? recorded, string fallback, bool recordedSection) =>
        PickOptional(option, given, recorded, recordedSection) ?? fallback;

    public T? PickOptional<T>(string option, T? given, T? recorded, bool recordedSection) where T : struct
    {
        Check(option, given, recorded, given is not null && recordedSection);
        return recordedSection ? recorded : given;
    }

    public string? PickOptional(string option, string? given, string? recorded, bool recordedSection)
    {
        Check(option, given, recorded, given is not null && recordedSection);
        return recordedSection ? recorded : given;
    }

    private void Check(string option, object? given, object? recorded, bool compare)
    {
        if (compare && !Equals(given, recorded))
            throw new InvalidOperationException(
                $"{option} {Show(given)} contradicts {Show(recorded)} recorded in {runJson}, with which this run's results were made; drop the option, or use another --out.");
    }

    public IReadOnlyList<string> PickList(string option, IReadOnlyList<string>? given, IReadOnlyList<string>? recorded, IReadOnlyList<string> fallback, bool recordedSection)
    {
        if (given is { Count: > 0 })
        {
            if (recordedSection && !given.SequenceEqual(recorded ?? []))
                throw new InvalidOperationException(
                    $"{option} {string.Join(' ', given)} contradicts '{string.Join(' ', recorded ?? [])}' recorded in {runJson}; drop the option, or use another --out.");
            return given;
        }
        return recordedSection ? recorded! : fallback;
    }

    private static string Show(object? value) => value is null ? "(none)" : $"'{value}'";
}
