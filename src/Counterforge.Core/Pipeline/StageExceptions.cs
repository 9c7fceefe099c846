namespace Counterforge.Core.Pipeline;

/// <summary>
/// A backend could not do what it was asked (a server that is down, refuses the key, or keeps rate-limiting): the items
/// it was asked for are not done, and nothing is recorded for them, so a later run can do them.
/// </summary>
public class BackendUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A stage stopped before it finished: what it finished is kept, and running it again resumes from there.</summary>
public sealed class StageIncompleteException(string message, Exception? inner = null) : Exception(message, inner);
