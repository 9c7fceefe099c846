namespace Counterforge.Options;

/// <summary>
/// A setting differs from the one run.json records, and results made with the recorded one exist. <see cref="Setting"/>
/// names it as the command line does (<c>--arch</c>); <see cref="FixedBy"/> is the result that fixes it.
/// </summary>
public sealed class OptionsContradictionException(string setting, string given, string recorded, string runJson, string fixedBy)
    : InvalidOperationException($"{setting} {given} contradicts {recorded} recorded in {runJson}, with which {fixedBy} was made; keep the recorded setting, or use another run folder.")
{
    public string Setting { get; } = setting;

    public string FixedBy { get; } = fixedBy;
}
