namespace Counterforge.Language.Chat;

/// <summary>
/// Where and how to reach an OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp server, hosted APIs).
/// The defaults are deterministic (temperature 0, a fixed seed) so that a run can be reproduced and cached.
/// </summary>
public sealed record ChatEndpointOptions
{
    /// <summary>The API root that chat/completions is appended to, e.g. http://localhost:11434/v1.</summary>
    public required Uri BaseUrl { get; init; }

    public required string Model { get; init; }

    /// <summary>The environment variable holding the API key; local servers accept any key, so a missing variable sends a placeholder.</summary>
    public string ApiKeyVariable { get; init; } = "OPENAI_API_KEY";

    /// <summary>Limit for one request; a request that runs over it counts as a failed attempt and is retried.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Attempts after the first for 429, 5xx, timeouts and connection failures; other 4xx answers are never retried.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first backoff; each later one doubles. A Retry-After header (capped at <see cref="MaxBackoff"/>) takes precedence.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many requests in flight at once, across every caller of one endpoint.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Folder of cached responses; null disables the cache.</summary>
    public string? CacheDirectory { get; init; }

    public float Temperature { get; init; } = 0f;

    public long Seed { get; init; } = 0;

    public int MaxOutputTokens { get; init; } = 1024;

    /// <summary>The longest response body read; a longer one fails the request instead of filling memory.</summary>
    public long MaxResponseBytes { get; init; } = 4 << 20;

    public void Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"Chat base URL '{BaseUrl}' must be an absolute http(s) URL.");
        if (string.IsNullOrWhiteSpace(Model)) throw new ArgumentException("Chat model name is empty.");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentException($"Chat timeout {Timeout} must be positive.");
        if (MaxRetries < 0) throw new ArgumentException($"Chat retries {MaxRetries} must not be negative.");
        if (MaxConcurrency < 1) throw new ArgumentException($"Chat concurrency {MaxConcurrency} must be at least 1.");
        if (MaxResponseBytes < 1024) throw new ArgumentException($"Chat response limit {MaxResponseBytes} bytes must be at least 1024.");
        if (MaxOutputTokens < 1) throw new ArgumentException($"Chat max output tokens {MaxOutputTokens} must be at least 1.");
    }
}
