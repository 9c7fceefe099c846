using Counterforge.Core.Pipeline;
using Xunit;

namespace Counterforge.Core.Tests;

public class HardenSettingsTests
{
    [Fact]
    public void Budgets_grow_geometrically_and_end_at_the_cap()
    {
        Assert.Equal([20, 40, 80, 160], new HardenSettings(20, 160).Budgets());
        Assert.Equal([20, 40, 80, 100], new HardenSettings(20, 100).Budgets());
        Assert.Equal([5, 15, 45, 50], new HardenSettings(5, 50, Growth: 3).Budgets());
    }

    [Fact]
    public void A_start_at_or_above_the_cap_is_one_round_and_small_growth_never_repeats_a_budget()
    {
        Assert.Equal([30], new HardenSettings(40, 30).Budgets());
        Assert.Equal([1, 2, 3, 4, 5], new HardenSettings(1, 5, Growth: 1.2).Budgets().Take(5));
        Assert.All(new HardenSettings(1, 50, Growth: 1.1).Budgets().Zip(new HardenSettings(1, 50, Growth: 1.1).Budgets().Skip(1)), p => Assert.True(p.Second > p.First));
    }
}
