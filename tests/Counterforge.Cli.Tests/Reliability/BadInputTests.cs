namespace Counterforge.Cli.Tests.Reliability;

/// <summary>
/// Every case of <see cref="BadInputCorpus"/> through the real command line: the outcome it names (a clear error naming
/// what to fix, or the item listed in problems.txt and the run going on), never a stack trace or an internal error, and
/// nothing outside the run folder changed.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class BadInputTests
{
    public static TheoryData<string> Cases => [.. BadInputCorpus.All.Select(c => c.Name)];

    [Fact]
    public void The_corpus_covers_every_area_with_sixty_or_more_inputs()
    {
        Assert.True(BadInputCorpus.All.Count >= 60, $"{BadInputCorpus.All.Count} bad inputs");
        Assert.Equal(BadInputCorpus.All.Count, BadInputCorpus.All.Select(c => c.Name).Distinct().Count());
        Assert.Equal(6, BadInputCorpus.All.Select(c => c.Area).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_input_gets_a_clear_outcome_and_touches_nothing_outside_the_run(string name)
    {
        var input = BadInputCorpus.Named(name);
        using var workspace = new Workspace();
        input.Setup(workspace);
        var outside = workspace.OutsideSnapshot();

        CliProcess.Outcome? last = null;
        var transcript = new List<string>();
        foreach (var command in input.Commands(workspace))
        {
            last = CliProcess.Run(command, killWhenLineMatches: null, input.Environment);
            transcript.Add($"$ counterforge {string.Join(' ', command)}  (exit {last.ExitCode})\n{last.Output}");
            AssertNoCrash(last, transcript);
        }
        var output = last!.Output;
        var log = string.Join("\n", transcript);
        var mentions = input.Mentions(workspace);
        switch (input.Outcome)
        {
            case Expected.Refused:
                Assert.True(last.ExitCode == 1, $"expected exit code 1:\n{log}");
                foreach (var mention in mentions) Assert.True(output.Contains(mention, StringComparison.Ordinal), $"the error does not mention '{mention}':\n{log}");
                break;
            case Expected.Listed:
                Assert.True(last.ExitCode == 0, $"expected the run to go on:\n{log}");
                var lines = workspace.Problems.Split('\n');
                Assert.True(lines.Any(l => mentions.All(m => l.Contains(m, StringComparison.Ordinal))),
                    $"problems.txt has no line mentioning {string.Join(" and ", mentions.Select(m => $"'{m}'"))}:\n{workspace.Problems}\n{log}");
                break;
            case Expected.Works:
                Assert.True(last.ExitCode == 0, $"expected success:\n{log}");
                foreach (var mention in mentions) Assert.True(output.Contains(mention, StringComparison.Ordinal), $"the output does not mention '{mention}':\n{log}");
                break;
        }
        input.Check?.Invoke(workspace, last);
        Assert.Equal(outside, workspace.OutsideSnapshot());
    }

    private static void AssertNoCrash(CliProcess.Outcome outcome, List<string> transcript)
    {
        foreach (var sign in new[] { "internal error", "Unhandled exception", "   at Counterforge.", "   at System.", "Segmentation fault" })
            Assert.False(outcome.Output.Contains(sign, StringComparison.Ordinal), $"'{sign}' in the output:\n{string.Join("\n", transcript)}");
        Assert.True(outcome.ExitCode is 0 or 1, $"exit code {outcome.ExitCode}:\n{string.Join("\n", transcript)}");
    }
}
