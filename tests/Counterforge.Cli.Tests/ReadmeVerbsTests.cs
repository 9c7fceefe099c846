using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Counterforge.Cli.Tests;

/// <summary>
/// The README's verb block as a new user runs it: `run` on a folder of photos, then every verb below it, top to bottom on
/// the same run folder (slow: the real tool). The verbs after `run` find their work done, except the new budget, which adds
/// rows to the same baseline.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class ReadmeVerbsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-readme-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex(@"^counterforge (run|train|caption|perturb|generate|stress-test|reinforce|report)\s.*$", RegexOptions.Multiline)]
    private static partial Regex VerbLine();

    private static string ReadmePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Counterforge.slnx"))) return Path.Combine(dir.FullName, "README.md");
        throw new DirectoryNotFoundException($"No Counterforge.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>One README line as arguments: the comment dropped, its folders made this test's.</summary>
    private string[] ArgumentsOf(string line)
    {
        var words = line.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        return words.Select(w => w switch
        {
            "photos" or "masks" or "bank" => Path.Combine(_dir, w),
            "runs/photos" => Path.Combine(_dir, "runs", "photos"),
            _ => w,
        }).ToArray();
    }

    [Fact]
    public void The_readme_verb_block_runs_top_to_bottom_on_one_folder_after_run()
    {
        PhotoFolder.Make(_dir, size: 32, count: 120, seed: 2);
        var lines = VerbLine().Matches(File.ReadAllText(ReadmePath())).Select(m => m.Value).ToList();
        Assert.Equal(["run", "train", "caption", "perturb", "generate", "stress-test", "reinforce", "report"], lines.Select(l => l.Split(' ')[1]));

        string? last = null;
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            // Only `run` gets settings the README leaves out: a small classifier input and few stressed sources keep it minutes.
            string[] extra = i == 0 ? ["--image-size", "32", "--stress-sources", "40", "--seed", "2"] : [];
            var result = CliProcess.Run([.. ArgumentsOf(line), .. extra]);
            Assert.True(result.ExitCode == 0, $"{line}\n{result.Output}");
            last = result.Output;
        }

        var run = Path.Combine(_dir, "runs", "photos");
        Assert.EndsWith(Path.Combine(run, "report.html"), last!.TrimEnd());
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        var budgets = summary["reinforcement"]!.AsArray().Select(r => r!["k"]!.GetValue<int>()).Where(k => k > 0).Distinct().Order().ToList();
        Assert.Equal(2, budgets.Count); // 5 % (from run) and 10 % (added by reinforce)
        Assert.Equal(2 * budgets[0], budgets[1], tolerance: 1);
    }
}
