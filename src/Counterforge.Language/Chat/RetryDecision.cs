using System.ClientModel;
using System.Globalization;

namespace Counterforge.Language.Chat;

/// <summary>
/// Which failures are worth another attempt: rate limits (429), server errors (5xx), timeouts and connection failures.
/// Any other 4xx means the request itself is wrong (bad model name, bad key), and repeating it cannot help.
/// </summary>
internal static class RetryDecision
{
    public static (bool Retry, string Reason, TimeSpan? RetryAfter) Of(Exception failure, bool timedOut) => failure switch
    {
        _ when timedOut => (true, "timed out", null),
        ClientResultException { Status: 429 } e => (true, "HTTP 429 (rate limited)", RetryAfter(e)),
        ClientResultException { Status: >= 500 } e => (true, $"HTTP {e.Status}", RetryAfter(e)),
        ClientResultException { Status: 0 } e => (true, $"no HTTP answer ({e.Message})", null),
        ClientResultException e => (false, $"HTTP {e.Status}: {LanguageRejection.Excerpt(e.Message)}", null),
        HttpRequestException e => (true, $"connection failed ({e.Message})", null),
        IOException e => (true, $"connection failed ({e.Message})", null),
        _ => (false, $"{failure.GetType().Name}: {LanguageRejection.Excerpt(failure.Message)}", null),
    };

    /// <summary>Backoff before attempt <paramref name="attempt"/> (1 = the first retry): the server's Retry-After, else initial·2^(attempt−1), both capped.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan? retryAfter, ChatEndpointOptions options)
    {
        var exponential = options.InitialBackoff * Math.Pow(2, attempt - 1);
        var delay = retryAfter ?? exponential;
        return delay > options.MaxBackoff ? options.MaxBackoff : delay;
    }

    /// <summary>A server's wait, in seconds or as an HTTP date, bounded to a day whatever it says (the backoff cap applies later).</summary>
    private static TimeSpan? RetryAfter(ClientResultException e)
    {
        var response = e.GetRawResponse();
        if (response is null || !response.Headers.TryGetValue("Retry-After", out var value) || value is null) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return seconds >= 0 ? TimeSpan.FromSeconds(Math.Min(seconds, LongestWait.TotalSeconds)) : null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            var wait = when - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestWait ? LongestWait : wait;
        }
        return null;
    }

    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);
}
