using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Counterforge.Language.Tests.Chat;

/// <summary>What the fake server does with one request: wait, then answer with a status and (for 200) a chat completion.</summary>
/// <param name="RawBody">Sent as the body instead of a well-formed completion (a truncated or enormous body).</param>
internal sealed record Reply(string? Content = null, int Status = 200, string FinishReason = "stop", int DelayMs = 0, string? RetryAfter = null, string? RawBody = null);

/// <summary>
/// A real HTTP server on loopback that plays an OpenAI-compatible /v1/chat/completions endpoint. The script sees the
/// request's last user message and how many times that same message was asked before, and picks the reply. It counts
/// requests and the most that were in flight at once.
/// </summary>
internal sealed class FakeChatServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<string, int, Reply> script;
    private readonly Dictionary<string, int> attempts = new();
    private readonly Lock gate = new();
    private readonly Task loop;
    private readonly CancellationTokenSource stopping = new();
    private int inFlight;

    public FakeChatServer(Func<string, int, Reply> script)
    {
        this.script = script;
        int port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/v1/");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(AcceptLoop);
    }

    public Uri BaseUrl { get; }
    public int Requests { get; private set; }
    public int MaxInFlight { get; private set; }
    public List<string> Paths { get; } = [];
    public List<JsonElement> Bodies { get; } = [];

    public int AttemptsFor(string userMessage) { lock (gate) return attempts.GetValueOrDefault(userMessage); }

    private async Task AcceptLoop()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => Handle(context));
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        var json = JsonDocument.Parse(body).RootElement.Clone();
        string user = json.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user")
            .GetProperty("content") is var content && content.ValueKind == JsonValueKind.String ? content.GetString()! : content.GetRawText();
        int attempt;
        lock (gate)
        {
            Requests++;
            Paths.Add(context.Request.Url!.AbsolutePath);
            Bodies.Add(json);
            attempt = attempts.GetValueOrDefault(user);
            attempts[user] = attempt + 1;
            inFlight++;
            MaxInFlight = Math.Max(MaxInFlight, inFlight);
        }
        try
        {
            var reply = script(user, attempt);
            if (reply.DelayMs > 0) await Task.Delay(reply.DelayMs, stopping.Token);
            context.Response.StatusCode = reply.Status;
            if (reply.RetryAfter is not null) context.Response.AddHeader("Retry-After", reply.RetryAfter);
            var payload = reply.RawBody ?? (reply.Status == 200 ? Completion(reply) : JsonSerializer.Serialize(new { error = new { message = $"status {reply.Status}", type = "test" } }));
            var bytes = Encoding.UTF8.GetBytes(payload);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client gave up (timeout) before the reply was written, or the test ended while the reply was held back.
        }
        finally
        {
            lock (gate) inFlight--;
        }
    }

    private static string Completion(Reply reply) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1700000000,
        model = "test-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Content ?? "" }, finish_reason = reply.FinishReason } },
        usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
    });

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        stopping.Dispose();
    }
}
