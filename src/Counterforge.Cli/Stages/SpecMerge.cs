namespace Counterforge.Cli.Stages;

/// <summary>
/// Resolves one setting: the option the user gave, else what run.json records, else the default. A given option that
/// differs from the record is refused only when results made with the recorded value exist (<c>fixedBy</c> names
/// them); before that it simply replaces the record, so a mistyped or forgotten option can be corrected on the next verb.
/// </summary>
internal sealed class SpecMerge(string runJson)
{
    public T Pick<T>(string option, T? given, T? recorded, T fallback, bool recordedSection, string? fixedBy) where T : struct =>
        PickOptional(option, given, recorded, recordedSection, fixedBy) ?? fallback;

    public string Pick(string option, string? given, string? recorded, string fallback, bool recordedSection, string? fixedBy) =>
        PickOptional(option, given, recorded, recordedSection, fixedBy) ?? fallback;

    public T? PickOptional<T>(string option, T? given, T? recorded, bool recordedSection, string? fixedBy) where T : struct
    {
        if (given is null) return recordedSection ? recorded : null;
        if (fixedBy is not null && recordedSection && !Equals(given, recorded)) throw Contradiction(option, Show(given), Show(recorded), fixedBy);
        return given;
    }

    public string? PickOptional(string option, string? given, string? recorded, bool recordedSection, string? fixedBy)
    {
        if (given is null) return recordedSection ? recorded : null;
        if (fixedBy is not null && recordedSection && given != recorded) throw Contradiction(option, Show(given), Show(recorded), fixedBy);
        return given;
    }

    /// <summary>A file or folder: compared as full paths without a trailing separator, so "photos/" and "./photos" are "photos".</summary>
    public string? PickPath(string option, string? given, string? recorded, bool recordedSection, string? fixedBy) =>
        PickOptional(option, Normal(given), Normal(recorded), recordedSection, fixedBy);

    public IReadOnlyList<string> PickList(string option, IReadOnlyList<string>? given, IReadOnlyList<string>? recorded, IReadOnlyList<string> fallback,
        bool recordedSection, string? fixedBy)
    {
        if (given is not { Count: > 0 }) return recordedSection ? recorded ?? [] : fallback;
        if (fixedBy is not null && recordedSection && !given.SequenceEqual(recorded ?? []))
            throw Contradiction(option, $"'{string.Join(' ', given)}'", $"'{string.Join(' ', recorded ?? [])}'", fixedBy);
        return given;
    }

    private InvalidOperationException Contradiction(string option, string given, string recorded, string fixedBy) =>
        new($"{option} {given} contradicts {recorded} recorded in {runJson}, with which {fixedBy} was made; drop the option, or use another --out.");

    private static string? Normal(string? path) => path is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static string Show(object? value) => value is null ? "(none)" : $"'{value}'";
}
