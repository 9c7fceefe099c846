using System.Diagnostics;

namespace Counterforge.Core.Progress;

/// <summary>
/// How the stages report: each long stage as <see cref="StageEvent"/>s (started, advanced, finished) and each finding as an
/// info line, passed synchronously to the watcher in the order they happen (System.Progress would post them to the thread
/// pool and reorder them). Rendering them — a bar in a terminal, plain lines in a log — is the watcher's business.
/// </summary>
public sealed class StageProgress(IProgress<StageEvent>? watcher)
{
    /// <summary>A reporter nobody watches (tests, nested stages).</summary>
    public static StageProgress Silent { get; } = new(null);

    public void Info(string message) => watcher?.Report(StageEvent.Line(message));

    /// <summary>Runs <paramref name="work"/>, which reports how many of <paramref name="total"/> items it has done.</summary>
    public T Run<T>(string stage, int total, Func<IProgress<int>, T> work)
    {
        var watch = Stopwatch.StartNew();
        watcher?.Report(new StageEvent(StageEventKind.Started, stage, 0, total, TimeSpan.Zero));
        try
        {
            return work(new Advance(done => watcher?.Report(new StageEvent(StageEventKind.Advanced, stage, Math.Min(done, total), total, watch.Elapsed))));
        }
        finally
        {
            watcher?.Report(new StageEvent(StageEventKind.Finished, stage, total, total, watch.Elapsed));
        }
    }

    public void Run(string stage, int total, Action<IProgress<int>> work) => Run(stage, total, p => { work(p); return 0; });

    /// <summary>The asynchronous form of <see cref="Run{T}"/>.</summary>
    public async Task<T> RunAsync<T>(string stage, int total, Func<IProgress<int>, Task<T>> work)
    {
        var watch = Stopwatch.StartNew();
        watcher?.Report(new StageEvent(StageEventKind.Started, stage, 0, total, TimeSpan.Zero));
        try
        {
            return await work(new Advance(done => watcher?.Report(new StageEvent(StageEventKind.Advanced, stage, Math.Min(done, total), total, watch.Elapsed)))).ConfigureAwait(false);
        }
        finally
        {
            watcher?.Report(new StageEvent(StageEventKind.Finished, stage, total, total, watch.Elapsed));
        }
    }

    public Task RunAsync(string stage, int total, Func<IProgress<int>, Task> work) =>
        RunAsync(stage, total, async p => { await work(p).ConfigureAwait(false); return 0; });

    private sealed class Advance(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
