using System.Diagnostics;
using Counterforge.Core.Progress;
using Spectre.Console;

namespace Counterforge.Cli.Terminal;

/// <summary>
/// Draws the stages' progress: in a terminal, one live bar line per stage under the info lines; in a redirected log,
/// where a live display would print nothing, a plain line at a stage's start, at each tenth of its work (for stages of 20
/// items or more), every few seconds in between, and at its end. Events may come from worker threads.
/// </summary>
internal sealed class ConsoleProgress : IProgress<StageEvent>
{
    /// <summary>In a log, a line every few seconds shows a stage is alive without burying the results.</summary>
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly bool interactive;
    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private StageEvent? current;
    private TimeSpan lastLine;
    private int lastTenth;
    private bool barShown;

    public ConsoleProgress(bool? interactive = null) =>
        this.interactive = interactive ?? (!System.Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive);

    public void Report(StageEvent value)
    {
        lock (gate)
        {
            if (interactive) Draw(value);
            else Log(value);
        }
    }

    private void Log(StageEvent e)
    {
        switch (e.Kind)
        {
            case StageEventKind.Info:
                System.Console.Out.WriteLine(e.Message);
                break;
            case StageEventKind.Started:
                (lastLine, lastTenth) = (TimeSpan.Zero, 0);
                System.Console.Out.WriteLine($"{e.Stage}: {e.Total} items");
                break;
            case StageEventKind.Advanced:
                int tenth = e.Total >= 20 ? (int)(10L * e.Done / e.Total) : 0;
                bool newTenth = tenth > lastTenth;
                if (e.Done >= e.Total || (!newTenth && e.Elapsed - lastLine < PlainInterval)) return;
                (lastTenth, lastLine) = (tenth, e.Elapsed);
                System.Console.Out.WriteLine($"{e.Stage}: {e.Done}/{e.Total} ({e.Elapsed.TotalSeconds:F1} s)");
                break;
            case StageEventKind.Finished:
                System.Console.Out.WriteLine($"{e.Stage}: done in {e.Elapsed.TotalSeconds:F1} s");
                break;
        }
    }

    private void Draw(StageEvent e)
    {
        switch (e.Kind)
        {
            case StageEventKind.Info:
                ClearBar();
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(e.Message ?? "")}[/]");
                if (current is not null) DrawBar(current);
                break;
            case StageEventKind.Started:
                ClearBar();
                current = e;
                DrawBar(e);
                break;
            case StageEventKind.Advanced:
                current = e;
                if (clock.Elapsed - lastLine >= RedrawInterval || e.Done >= e.Total) DrawBar(e);
                break;
            case StageEventKind.Finished:
                ClearBar();
                current = null;
                AnsiConsole.MarkupLine($"{Markup.Escape(e.Stage)} [green]done[/] [grey]in {e.Elapsed.TotalSeconds:F1} s ({e.Total} items)[/]");
                break;
        }
    }

    private void DrawBar(StageEvent e)
    {
        lastLine = clock.Elapsed;
        double share = e.Total == 0 ? 1 : (double)e.Done / e.Total;
        int width = Math.Clamp(AnsiConsole.Profile.Width - e.Stage.Length - 40, 10, 50);
        int filled = (int)Math.Round(share * width);
        var remaining = e.Done == 0 ? "" : $" ~{TimeSpan.FromSeconds(e.Elapsed.TotalSeconds * (e.Total - e.Done) / e.Done):mm\\:ss} left";
        AnsiConsole.Markup($"\r{Markup.Escape(e.Stage)} [green]{new string('━', filled)}[/][grey]{new string('━', width - filled)}[/] {share * 100,3:0}% {e.Done}/{e.Total}{remaining}   ");
        barShown = true;
    }

    private void ClearBar()
    {
        if (!barShown) return;
        System.Console.Out.Write("\r" + new string(' ', Math.Max(0, AnsiConsole.Profile.Width - 1)) + "\r");
        barShown = false;
    }
}
