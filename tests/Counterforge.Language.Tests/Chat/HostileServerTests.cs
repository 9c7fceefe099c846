using Counterforge.Language.Chat;
using Microsoft.Extensions.AI;

namespace Counterforge.Language.Tests.Chat;

/// <summary>What a server that misbehaves (absurd waits, broken or endless bodies, no TLS) does to a chat endpoint: a clear failure, never a crash or a hang.</summary>
public sealed class HostileServerTests
{
    private static ChatEndpoint Endpoint(Uri url, string keyVariable = "CF_TEST_UNSET_KEY") => new(new ChatEndpointOptions
    {
        BaseUrl = url,
        Model = "m",
        Timeout = TimeSpan.FromSeconds(30),  // no reply here is meant to time out; a busy machine must not make one do so
        MaxRetries = 1,
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        ApiKeyVariable = keyVariable,
    });

    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello")];

    [Theory]
    [InlineData("1e15")]
    [InlineData("Infinity")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    [InlineData("soon")]
    public async Task Any_retry_after_waits_at_most_the_backoff_cap(string retryAfter)
    {
        using var server = new FakeChatServer((_, attempt) => attempt == 0 ? new Reply(Status: 429, RetryAfter: retryAfter) : new Reply("hi"));
        using var endpoint = Endpoint(server.BaseUrl);

        var answer = await endpoint.CompleteAsync(Hello, jsonAnswer: false, "s1");

        Assert.Equal("hi", answer.Text);
        Assert.Equal(2, server.Requests);
    }

    [Theory]
    [InlineData("{\"id\":\"x\",\"choices\":[{\"index\":0,\"mess")]
    [InlineData("")]
    [InlineData("<html>gateway</html>")]
    public async Task A_truncated_or_foreign_body_is_a_failed_request_naming_the_server(string body)
    {
        using var server = new FakeChatServer((_, _) => new Reply(RawBody: body));
        using var endpoint = Endpoint(server.BaseUrl);

        var error = await Assert.ThrowsAsync<ChatRequestFailedException>(() => endpoint.CompleteAsync(Hello, jsonAnswer: false, "s1"));

        Assert.Contains(server.BaseUrl.ToString(), error.Message);
    }

    [Fact]
    public async Task An_enormous_body_fails_the_request_instead_of_filling_memory()
    {
        using var server = new FakeChatServer((_, _) => new Reply(RawBody: new string('x', 6 << 20)));
        using var endpoint = Endpoint(server.BaseUrl);

        var error = await Assert.ThrowsAsync<ChatRequestFailedException>(() => endpoint.CompleteAsync(Hello, jsonAnswer: false, "s1"));

        Assert.Contains("bytes", error.Message);
    }

    [Fact]
    public async Task A_refused_key_is_a_failure_that_is_not_retried()
    {
        using var server = new FakeChatServer((_, _) => new Reply(Status: 401));
        using var endpoint = Endpoint(server.BaseUrl);

        var error = await Assert.ThrowsAsync<ChatRequestFailedException>(() => endpoint.CompleteAsync(Hello, jsonAnswer: false, "s1"));

        Assert.Contains("HTTP 401", error.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void An_api_key_is_never_sent_over_plain_http_to_another_machine()
    {
        Environment.SetEnvironmentVariable("CF_TEST_SET_KEY", "sk-secret");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => Endpoint(new Uri("http://192.0.2.1:8000/v1/"), "CF_TEST_SET_KEY"));
            Assert.Contains("unencrypted", error.Message);
            Assert.DoesNotContain("sk-secret", error.Message);
            using var local = Endpoint(new Uri("http://127.0.0.1:8000/v1/"), "CF_TEST_SET_KEY");
            using var encrypted = Endpoint(new Uri("https://192.0.2.1/v1/"), "CF_TEST_SET_KEY");
            using var keyless = Endpoint(new Uri("http://192.0.2.1:8000/v1/"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CF_TEST_SET_KEY", null);
        }
    }

    [Fact]
    public void Two_servers_never_share_a_cached_answer()
    {
        var options = new ChatEndpointOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1/"), Model = "m" };
        Assert.NotEqual(ResponseCache.KeyOf(options, Hello, false), ResponseCache.KeyOf(options with { BaseUrl = new Uri("http://127.0.0.1:2/v1/") }, Hello, false));
    }
}
