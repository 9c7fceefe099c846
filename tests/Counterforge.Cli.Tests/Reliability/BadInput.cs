namespace Counterforge.Cli.Tests.Reliability;

/// <summary>What a bad input must lead to.</summary>
internal enum Expected
{
    /// <summary>Exit code 1 and an error that names what to fix (the mentions).</summary>
    Refused,

    /// <summary>Exit code 0, the run goes on, and the item is listed in problems.txt with its reason (the mentions, on one line).</summary>
    Listed,

    /// <summary>Exit code 0: not an error at all (metadata columns, a trailing slash), or handled item by item; the mentions appear in the output.</summary>
    Works,
}

/// <summary>
/// One hostile or mistaken input a user could give, the commands that feed it to the tool (the outcome is that of the
/// last; the ones before set it up), and what must happen.
/// </summary>
internal sealed record BadInput(
    string Name,
    string Area,
    Action<Workspace> Setup,
    Func<Workspace, string[][]> Commands,
    Expected Outcome,
    Func<Workspace, string[]> Mentions,
    Action<Workspace, CliProcess.Outcome>? Check = null,
    IReadOnlyDictionary<string, string>? Environment = null)
{
    public override string ToString() => Name;
}
