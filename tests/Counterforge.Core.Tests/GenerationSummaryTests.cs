using Counterforge.Core.Generation;

namespace Counterforge.Core.Tests;

public sealed class GenerationSummaryTests
{
    [Fact]
    public void CountsWhatWasMadeKeptAndRejectedByReason()
    {
        Counterfactual Made(bool accepted, string? reason = null) => new("e", "s", "background", "grass", "water", "cf.png", "sdedit", accepted, reason);
        var summary = GenerationSummary.Of("sdedit", "abc", [Made(true), Made(false, "subject changed"), Made(false, "subject changed"), Made(false, "edit not visible")]);
        Assert.Equal(("sdedit", "abc", 4, 1), (summary.Editor, summary.ModelSet, summary.Made, summary.Accepted));
        Assert.Equal(new Dictionary<string, int> { ["edit not visible"] = 1, ["subject changed"] = 2 }, summary.Rejected);
    }
}
