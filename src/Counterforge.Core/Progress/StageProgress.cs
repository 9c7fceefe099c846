using System.Diagnostics;
using Spectre.Console;

namespace Counterforge.Core.Progress;

/// <summary>
/// Progress of long stages, readable both in a terminal (a live Spectre bar) and in a redirected log, where Spectre's
/// live display prints nothing: there it writes a plain line at the start, at each tenth of the work (for stages of 20
/// items or more), every few seconds in between, and at the end.
/// </summary>
public sealed class StageProgress
{
    /// <summary>In a log, a line every few seconds shows a stage is alive without burying the results.</summary>
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private readonly TextWriter _log;
    private readonly bool _interactive;

    public StageProgress(TextWriter? log = null, bool? interactive = null)
    {
        _log = log ?? Console.Out;
        _interactive = interactive ?? (log is null && AnsiConsole.Profile.Capabilities.Interactive);
    }

    /// <summary>A reporter that prints nothing (tests, nested stages).</summary>
    public static StageProgress Silent { get; } = new(TextWriter.Null, interactive: false);

    public void Info(string message)
    {
        if (_interactive) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
        else _log.WriteLine(message);
    }

    /// <summary>Runs <paramref name="work"/>, which reports completed items through the given progress.</summary>
    public T Run<T>(string stage, int total, Func<IProgress<int>, T> work)
    {
        var watch = Stopwatch.StartNew();
        T result = default!;
        if (_interactive && total > 0)
        {
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    var task = context.AddTask(Markup.Escape(stage), maxValue: total);
                    result = work(new Progress(done => task.Value = Math.Min(total, done)));
                    task.Value = total;
                });
        }
        else
        {
            var lastLine = TimeSpan.Zero;
            int lastTenth = 0;
            var gate = new object();
            _log.WriteLine($"{stage}: {total} items");
            result = work(new Progress(done =>
            {
                lock (gate)
                {
                    int tenth = total >= 20 ? (int)(10L * done / total) : 0;
                    bool newTenth = tenth > lastTenth;
                    if (done >= total || (!newTenth && watch.Elapsed - lastLine < PlainInterval)) return;
                    lastTenth = tenth;
                    lastLine = watch.Elapsed;
                    _log.WriteLine($"{stage}: {done}/{total} ({watch.Elapsed.TotalSeconds:F1} s)");
                }
            }));
        }
        _log.WriteLine($"{stage}: done in {watch.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    public void Run(string stage, int total, Action<IProgress<int>> work) => Run(stage, total, p => { work(p); return 0; });

    /// <summary>Reports absolute counts synchronously (System.Progress would post to the thread pool and reorder lines).</summary>
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
