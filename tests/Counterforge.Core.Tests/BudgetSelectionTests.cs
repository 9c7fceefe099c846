using Counterforge.Core.Edits;
using Counterforge.Core.Reinforcement;

namespace Counterforge.Core.Tests;

public class BudgetSelectionTests
{
    private static List<Edit> TrainEdits()
    {
        var edits = new List<Edit>();
        for (int s = 0; s < 50; s++)
        {
            edits.Add(Edit.Null($"train-{s:D3}", "c"));
            foreach (var kind in new[] { "background", "color", "size" })
                foreach (var to in new[] { "a", "b" })
                    edits.Add(new Edit($"train-{s:D3}", "c", $"c {kind} {to}", kind, "z", to));
        }
        return edits;
    }

    [Fact]
    public void Targeted_selection_takes_only_flagged_kinds_one_per_source()
    {
        var chosen = BudgetSelection.Counterfactuals(TrainEdits(), ["background"], 20, seed: 1);
        Assert.Equal(20, chosen.Count);
        Assert.All(chosen, e => Assert.Equal("background", e.Kind));
        Assert.Equal(20, chosen.Select(e => e.SourceId).Distinct().Count());
    }

    [Fact]
    public void Random_selection_never_takes_null_edits_and_spreads_over_kinds()
    {
        var chosen = BudgetSelection.Counterfactuals(TrainEdits(), null, 45, seed: 1);
        Assert.DoesNotContain(chosen, e => e.IsNull);
        Assert.Equal(3, chosen.Select(e => e.Kind).Distinct().Count());
    }

    [Fact]
    public void Selection_is_deterministic_for_a_seed_and_changes_with_it()
    {
        var a = BudgetSelection.Counterfactuals(TrainEdits(), null, 10, seed: 1).Select(e => e.Id).ToList();
        var b = BudgetSelection.Counterfactuals(TrainEdits(), null, 10, seed: 1).Select(e => e.Id).ToList();
        var c = BudgetSelection.Counterfactuals(TrainEdits(), null, 10, seed: 2).Select(e => e.Id).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Group_balanced_selection_takes_from_every_group_before_repeating_one()
    {
        var pool = Enumerable.Range(0, 30).Select(i => (Id: i, Group: i < 25 ? "big" : $"small{i}")).ToList();
        var chosen = BudgetSelection.GroupBalanced(pool, p => p.Group, 8, seed: 3);
        Assert.Equal(8, chosen.Count);
        Assert.Equal(5, chosen.Count(c => c.Group.StartsWith("small")));
    }

    [Fact]
    public void Hardest_by_class_takes_each_class_hardest_first_in_turn()
    {
        // (id, label, probability of the true class)
        var candidates = new[]
        {
            ("a", 1, 0.30), ("b", 0, 0.90), ("c", 1, 0.01), ("d", 1, 0.05), ("e", 0, 0.20), ("f", 2, 0.60), ("g", 1, 0.02), ("h", 0, 0.20),
        };
        var chosen = BudgetSelection.HardestByClass(candidates, c => c.Item2, c => c.Item3, 6).Select(c => c.Item1);
        // Round 1: class 0's hardest (e before h: a tie keeps the order), class 1's (c), class 2's only (f); round 2: h, g; round 3: b.
        Assert.Equal(["e", "c", "f", "h", "g", "b"], chosen);
    }

    [Fact]
    public void Hardest_by_class_returns_everything_when_the_budget_exceeds_the_candidates()
    {
        var candidates = new[] { ("a", 0, 0.5), ("b", 1, 0.5) };
        Assert.Equal(2, BudgetSelection.HardestByClass(candidates, c => c.Item2, c => c.Item3, 5).Count);
        Assert.Empty(BudgetSelection.HardestByClass(Array.Empty<(string, int, double)>(), c => c.Item2, c => c.Item3, 5));
    }
}
