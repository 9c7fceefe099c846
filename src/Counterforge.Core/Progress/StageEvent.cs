namespace Counterforge.Core.Progress;

public enum StageEventKind
{
    /// <summary>A stage began; <see cref="StageEvent.Total"/> items are to be done.</summary>
    Started,

    /// <summary><see cref="StageEvent.Done"/> of the stage's items are done.</summary>
    Advanced,

    /// <summary>The stage ended (all done, or stopped by a failure or a cancellation).</summary>
    Finished,

    /// <summary>A line for the person running it: what was found, made, skipped or loaded (<see cref="StageEvent.Message"/>).</summary>
    Info,
}

/// <summary>
/// What a long stage tells whoever watches it: a console draws a bar or writes log lines from these, a service forwards
/// them, a test ignores them. <see cref="Stage"/> names the stage as a person reads it ("Counterfactuals (test)").
/// </summary>
public sealed record StageEvent(StageEventKind Kind, string Stage, int Done, int Total, TimeSpan Elapsed, string? Message = null)
{
    public static StageEvent Line(string message) => new(StageEventKind.Info, "", 0, 0, TimeSpan.Zero, message);
}
