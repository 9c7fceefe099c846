using Counterforge.Core.Data;
using Counterforge.Core.Generation;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;
using Counterforge.Data;
using Counterforge.Language;
using Counterforge.Language.Chat;
using Counterforge.Options;

namespace Counterforge.Backends;

/// <summary>
/// What a backend may need from the run it is made for: its options, its folder, its dataset (indexed on first use), the
/// background bank (read once, its problems reported once), and the language backends' settings with every refused answer
/// logged to the run's language-rejections.txt (a shard's to language-rejections.shard-I-of-N.txt).
/// </summary>
public sealed class BackendContext
{
    private readonly Func<Dataset> dataset;
    private BackgroundBank? bank;
    private bool bankRead;

    internal BackendContext(CounterforgeOptions options, RunFolder run, StageProgress progress, Func<Dataset> dataset, Shard? shard = null)
    {
        Options = options;
        Run = run;
        Progress = progress;
        this.dataset = dataset;
        Source = new DataSource(run, options.Data);
        rejectionLog = ShardedLog.PathOf(Path.Combine(run.Root, "language-rejections.txt"), shard);
    }

    /// <summary>language-rejections.txt, or a shard's own (no two processes append to one file).</summary>
    private readonly string rejectionLog;

    public CounterforgeOptions Options { get; }
    public RunFolder Run { get; }
    public StageProgress Progress { get; }

    /// <summary>The run's dataset; reading it indexes the data on first use.</summary>
    public Dataset Dataset => dataset();

    internal DataSource Source { get; }

    /// <summary>Whether the data is the scenes world (whose captions the scene editor draws exactly).</summary>
    public bool IsScenes => Source.IsScenes;

    /// <summary>The background bank of <see cref="DataOptions.Backgrounds"/>; null when none is given.</summary>
    public BackgroundBank? Bank
    {
        get
        {
            if (bankRead || Options.Data.Backgrounds is null) return bank;
            bank = BackgroundBank.Load(Options.Data.Backgrounds);
            bankRead = true;
            foreach (var problem in bank.Problems) Progress.Info($"background bank: skipped {problem}");
            return bank;
        }
    }

    /// <summary>The OpenAI-compatible endpoint, when one is configured; its answers are cached in the run folder (a re-run sends no request).</summary>
    public ChatEndpointOptions? Chat => Options.Chat is { } chat
        ? new ChatEndpointOptions { BaseUrl = ChatUrl(chat.Url), Model = chat.Model, ApiKeyVariable = chat.KeyVariable, CacheDirectory = Path.Combine(Run.Root, "cache", "chat") }
        : null;

    /// <summary>Logs every refused answer, edit or failed request with its reason, in the run folder and on the progress stream.</summary>
    public void OnRejection(LanguageRejection rejection)
    {
        var line = rejection.ToString();
        lock (Run) File.AppendAllText(rejectionLog, line + "\n");
        Progress.Info(line);
    }

    private static Uri ChatUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--chat-url '{url}' is not an absolute URL.");
}
