namespace Counterforge.Language.Chat;

/// <summary>The text a chat endpoint answered and whether it stopped because it ran out of tokens.</summary>
public sealed record ChatAnswer(string Text, bool Truncated);

/// <summary>A request that failed for good (a non-retryable status, or retries exhausted), with why.</summary>
public sealed class ChatRequestFailedException(string reason, Exception? inner = null) : Counterforge.Core.Pipeline.BackendUnavailableException(reason, inner);
