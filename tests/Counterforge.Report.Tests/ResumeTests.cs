using Counterforge.Core.Runs;
using Counterforge.Report.Tests.Fixtures;

namespace Counterforge.Report.Tests;

/// <summary>The per-image records of reinforcement resume like the rows they belong to: a second pass over a run redoes nothing.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_finished_run_made_again_on_its_folder_keeps_every_row_and_prediction_file_and_gives_the_same_summary()
    {
        var root = Path.Combine(_dir, "run");
        var first = DemoLikeRun.Make(root, testSources: 30);
        // Every row's file and its predictions (the list of all rows is rewritten on each pass, with the same content).
        Dictionary<string, DateTime> RowFiles(RunFolder run) => Directory.GetFiles(run.ReinforcementDirectory)
            .Where(f => f != run.ReinforcementRows("pixels")).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var files = RowFiles(first.Run);
        Assert.Contains(files.Keys, f => f.EndsWith(".predictions.jsonl", StringComparison.Ordinal));

        var second = DemoLikeRun.Make(root, testSources: 30);

        Assert.Equal(files, RowFiles(second.Run));
        Assert.Equal(Json.Serialize(first.Summary), Json.Serialize(second.Summary));
    }
}
