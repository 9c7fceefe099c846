using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Counterforge.Language.Chat;

/// <summary>
/// One OpenAI-compatible chat endpoint behind Microsoft.Extensions.AI's <see cref="IChatClient"/>, with what a long
/// unattended run needs: a per-request timeout, retries with exponential backoff, a concurrency limit shared by all
/// callers, and an on-disk answer cache so that a re-run sends no request.
/// </summary>
public sealed class ChatEndpoint : IDisposable
{
    private readonly ChatEndpointOptions options;
    private readonly IChatClient client;
    private readonly HttpClient httpClient;
    private readonly SemaphoreSlim slots;
    private readonly ResponseCache? cache;
    private readonly Action<LanguageRejection>? onRejection;
    private int requestsSent;

    public ChatEndpoint(ChatEndpointOptions options, Action<LanguageRejection>? onRejection = null)
    {
        options.Validate();
        this.options = options;
        this.onRejection = onRejection;
        var key = Environment.GetEnvironmentVariable(options.ApiKeyVariable);
        if (!string.IsNullOrEmpty(key) && options.BaseUrl.Scheme == Uri.UriSchemeHttp && !options.BaseUrl.IsLoopback)
            throw new ArgumentException($"Chat URL '{options.BaseUrl}' is plain http to another machine: the API key in ${options.ApiKeyVariable} would travel "
                + "unencrypted. Use https, a loopback address, or a key variable that is not set (--chat-key-env) for a server that needs no key.");
        httpClient = new HttpClient(new BoundedResponses(options.MaxResponseBytes)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.BaseUrl,
            // Retries and timeouts are ours (they must count against the concurrency limit and be logged); the SDK's are off.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(30),
            Transport = new HttpClientPipelineTransport(httpClient),
        };
        client = new OpenAI.Chat.ChatClient(options.Model, new ApiKeyCredential(string.IsNullOrEmpty(key) ? "unused" : key), clientOptions).AsIChatClient();
        slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        cache = options.CacheDirectory is null ? null : new ResponseCache(options.CacheDirectory);
    }

    /// <summary>Requests that reached the network (attempts included); cache hits do not count.</summary>
    public int RequestsSent => Volatile.Read(ref requestsSent);

    /// <summary>Changes whenever the same prompt could get a different answer (cache key part for the stages above).</summary>
    public string ConfigKey => $"{options.BaseUrl}|{options.Model}|t={options.Temperature}|seed={options.Seed}|max={options.MaxOutputTokens}";

    /// <param name="subject">What the request is for (a sample id), named in logged failures.</param>
    /// <param name="jsonAnswer">Ask the server for a JSON object (response_format json_object).</param>
    /// <exception cref="ChatRequestFailedException">A non-retryable failure, or every attempt failed.</exception>
    public async Task<ChatAnswer> CompleteAsync(IReadOnlyList<ChatMessage> messages, bool jsonAnswer, string subject, CancellationToken cancel = default)
    {
        var key = ResponseCache.KeyOf(options, messages, jsonAnswer);
        if (cache?.TryRead(key) is { } cached) return cached;

        var chatOptions = new ChatOptions
        {
            ModelId = options.Model,
            Temperature = options.Temperature,
            Seed = options.Seed,
            MaxOutputTokens = options.MaxOutputTokens,
            ResponseFormat = jsonAnswer ? ChatResponseFormat.Json : ChatResponseFormat.Text,
        };
        for (int attempt = 0; ; attempt++)
        {
            Exception failure;
            bool timedOut = false;
            await slots.WaitAsync(cancel).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            deadline.CancelAfter(options.Timeout);
            try
            {
                Interlocked.Increment(ref requestsSent);
                var response = await client.GetResponseAsync(messages, chatOptions, deadline.Token).ConfigureAwait(false);
                var answer = new ChatAnswer(response.Text, response.FinishReason == ChatFinishReason.Length);
                cache?.Write(key, answer);
                return answer;
            }
            catch (OperationCanceledException e) when (!cancel.IsCancellationRequested)
            {
                failure = e;
                timedOut = true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = e;
            }
            finally
            {
                slots.Release();
            }

            var (retry, reason, retryAfter) = RetryDecision.Of(failure, timedOut);
            if (!retry) throw Fail(subject, reason, failure);
            if (attempt >= options.MaxRetries) throw Fail(subject, $"{reason}; gave up after {attempt + 1} attempts", failure);
            var delay = RetryDecision.Delay(attempt + 1, retryAfter, options);
            onRejection?.Invoke(new LanguageRejection("chat", subject, $"{reason}; retry {attempt + 1} of {options.MaxRetries} in {delay.TotalMilliseconds:0} ms"));
            await Task.Delay(delay, cancel).ConfigureAwait(false);
        }
    }

    private ChatRequestFailedException Fail(string subject, string reason, Exception failure)
    {
        onRejection?.Invoke(new LanguageRejection("chat", subject, reason));
        return new ChatRequestFailedException($"{options.BaseUrl} ({options.Model}): {reason}", failure);
    }

    public void Dispose()
    {
        client.Dispose();
        httpClient.Dispose();
        slots.Dispose();
    }
}
