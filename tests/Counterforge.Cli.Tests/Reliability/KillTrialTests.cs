using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Counterforge.Cli.Tests.Reliability;

/// <summary>A small scenes folder and the uninterrupted `run` of it that interrupted and concurrent runs are compared with.</summary>
public sealed class StraightRun : IDisposable
{
    public StraightRun()
    {
        var made = CliProcess.Run(["scenes", "make", "--out", Path.Combine(Dir, "data"), "--count", "120", "--size", "32", "--seed", "3"]);
        Assert.True(made.ExitCode == 0, made.Output);
        var straight = CliProcess.Run(Arguments(Path.Combine(Dir, "straight")));
        Assert.True(straight.ExitCode == 0, straight.Output);
        Results = SummaryResults.Of(Path.Combine(Dir, "straight"));
    }

    public string Dir { get; } = Directory.CreateTempSubdirectory("cf-kill-").FullName;

    public string Results { get; }

    public string[] Arguments(string output) =>
        ["run", "--data", Path.Combine(Dir, "data"), "--arch", "small-cnn", "--image-size", "32", "--epochs", "3", "--batch-size", "16",
         "--stress-sources", "60", "--seed", "3", "--out", output];

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>
/// Kill trials: `run` on a small scenes folder, killed with SIGKILL at a dozen points spread over every stage (found by
/// the progress lines the tool prints, never by sleeping), resumed after each kill, and compared with an uninterrupted run
/// of the same seed: the same numbers, no torn file, and no finished item done twice. And runs started at once on one
/// folder: each finishes or is refused, none crashes, and the folder holds the same numbers.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class KillTrialTests(StraightRun straight) : IClassFixture<StraightRun>
{
    private readonly string _dir = straight.Dir;

    /// <summary>Where each kill lands, in the order a run reaches them: mid-stage where a stage has tenths to report, else at a stage's first or last line.</summary>
    private static readonly string[] KillPoints =
    [
        @"^Training small-cnn: [1-9]\d*/",                      // training the baseline
        @"^Captions \(manifest\): done",                        // captions written, edits not begun
        @"^Edits \(lexicon\): [1-9]\d*/",                       // perturbing
        @"^Counterfactuals \(val\): [1-9]\d*/",                 // generating validation counterfactuals
        @"^Counterfactuals \(test\): [1-9]\d*/",                // generating test counterfactuals
        @"^Features \(small-cnn\): [1-9]\d*/",                  // the stress test's predictions
        @"^last-layer\s+extra-originals",                       // the first reinforcement row just written
        @"^Full fine-tune \(random, K=\d+\): [1-9]\d*/",        // mid fine-tune
        @"^Counterfactuals \(train, \d+ candidates",            // mining targeted candidates
        @"^full\s+targeted",                                    // the last fine-tune row written
        @"^dfr\s+balanced",                                     // DFR written, the report not yet
        @"^Edit clusters: ",                                    // the report's clusters
    ];

    private string[] Run(string output) => straight.Arguments(output);

    /// <summary>
    /// How many points may be overrun: the kill lands when this process reads the line, and on a loaded machine a fast
    /// stage (a few hundred small counterfactuals) can finish before that, so the next kill lands at the next point reached.
    /// </summary>
    private const int MayOverrun = 2;

    [Fact]
    public void A_run_killed_at_twelve_points_across_every_stage_resumes_to_the_numbers_of_an_uninterrupted_run()
    {
        var resumed = Path.Combine(_dir, "resumed");
        var outputs = new List<string>();
        var hit = new List<int>();
        for (int next = 0; next < KillPoints.Length;)
        {
            // The earliest point not yet used, or any later one if the previous kill overran it.
            var remaining = new Regex(string.Join("|", KillPoints.Skip(next).Select((p, i) => $"(?<p{next + i}>{p})")), RegexOptions.Multiline);
            var interrupted = CliProcess.Run(Run(resumed), remaining, lowPriority: true);
            outputs.Add(interrupted.Output);
            Assert.True(interrupted.Killed, $"never reached any of '{string.Join("', '", KillPoints.Skip(next))}':\n{interrupted.Output}");
            var line = interrupted.Output.Split('\n').Select(l => l.TrimEnd('\r')).First(l => remaining.IsMatch(l)); // the line the kill followed
            var match = remaining.Match(line);
            int point = Enumerable.Range(next, KillPoints.Length - next).First(i => match.Groups[$"p{i}"].Success);
            hit.Add(point);
            next = point + 1;
        }
        var overrun = Enumerable.Range(0, KillPoints.Length).Except(hit).Select(i => KillPoints[i]).ToList();
        Assert.True(overrun.Count <= MayOverrun, $"kills overran {overrun.Count} points: {string.Join(", ", overrun)}");
        var last = CliProcess.Run(Run(resumed));
        outputs.Add(last.Output);
        Assert.True(last.ExitCode == 0, last.Output);

        Assert.Equal(straight.Results, SummaryResults.Of(resumed));
        Assert.Empty(Directory.EnumerateFiles(resumed, ".*.tmp", SearchOption.AllDirectories));
        var all = string.Join("\n", outputs);
        // A finished item is never done twice: the baseline trains to the end once, each reinforcement row is computed once,
        // and every caption and counterfactual appears once in its log.
        foreach (var once in new[] { @"^Training small-cnn: done", @"^last-layer\s+extra-originals", @"^full\s+random", @"^full\s+targeted", @"^dfr\s+balanced" })
            Assert.Single(Regex.Matches(all, once, RegexOptions.Multiline));
        foreach (var (log, key) in new[] { ("captions.jsonl", "sample_id"), ("counterfactuals.jsonl", "edit_id") })
        {
            var ids = File.ReadAllLines(Path.Combine(resumed, log)).Select(l => JsonNode.Parse(l)![key]!.GetValue<string>()).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
    }

    [Fact]
    public void Runs_started_at_once_on_one_folder_each_finish_or_are_refused_and_the_numbers_are_those_of_one_run()
    {
        var shared = Path.Combine(_dir, "shared");
        for (int round = 0; round < 2; round++)
        {
            var started = Enumerable.Range(0, 3).Select(_ => Task.Run(() => CliProcess.Run(Run(shared)))).ToList();
            var outcomes = started.Select(t => t.Result).ToList();
            foreach (var outcome in outcomes)
            {
                Assert.True(outcome.ExitCode == 0 || outcome.Output.Contains("Another counterforge process is using", StringComparison.Ordinal), outcome.Output);
                Assert.DoesNotContain("   at ", outcome.Output);
            }
            Assert.Contains(outcomes, o => o.ExitCode == 0);
        }
        var last = CliProcess.Run(Run(shared));
        Assert.True(last.ExitCode == 0, last.Output);
        Assert.Equal(straight.Results, SummaryResults.Of(shared));
    }
}
