using System.CommandLine;
using Counterforge.Options;

namespace Counterforge.Cli.Stages;

/// <summary>The harden verb's own options: how the loop's budgets grow and which repair each round uses (not recorded in run.json).</summary>
internal sealed class HardenCommandOptions
{
    private static readonly HardenOptions Defaults = new();

    public readonly Option<string?> StartBudget = new("--start-budget") { Description = "K of the first round: an image count or a share of train (default: the run's smallest --budgets)." };
    public readonly Option<string?> MaxBudget = new("--max-budget") { Description = $"No round adds more images than this (default {Defaults.MaxBudget} of train)." };
    public readonly Option<double?> Growth = new("--growth") { Description = $"Each round's K is the last one's times this (default {Defaults.Growth})." };
    public readonly Option<string?> Method = new("--method") { Description = $"The reinforcement method of every round (default {Defaults.Method}; full: every weight)." };
    public readonly Option<string?> Selection = new("--selection") { Description = $"The selection of every round; it must keep its model's weights (default {Defaults.Selection})." };

    public IEnumerable<Option> All => [StartBudget, MaxBudget, Growth, Method, Selection];

    public HardenOptions From(ParseResult r) => new()
    {
        StartBudget = r.GetValue(StartBudget),
        MaxBudget = r.GetValue(MaxBudget) ?? Defaults.MaxBudget,
        Growth = r.GetValue(Growth) ?? Defaults.Growth,
        Method = r.GetValue(Method) ?? Defaults.Method,
        Selection = r.GetValue(Selection) ?? Defaults.Selection,
    };
}
