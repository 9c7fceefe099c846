using Counterforge.Core.Runs;

namespace Counterforge.Core.Data.Loading;

/// <summary>Assigns splits class by class: ids sorted ordinally, shuffled with a seed derived from (seed, class), then cut by the fractions.</summary>
internal static class StratifiedSplit
{
    public static Dictionary<string, string> Assign(IEnumerable<(string Id, string Label)> items, SplitFractions fractions, int seed)
    {
        fractions.Validate();
        var splits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in items.GroupBy(i => i.Label, StringComparer.Ordinal))
        {
            var ids = group.Select(i => i.Id).Order(StringComparer.Ordinal).ToArray();
            new Random(StableHash.Seed(seed, "split", group.Key)).Shuffle(ids);
            int train = (int)Math.Round(ids.Length * fractions.Train, MidpointRounding.AwayFromZero);
            int val = Math.Min(ids.Length - train, (int)Math.Round(ids.Length * fractions.Val, MidpointRounding.AwayFromZero));
            for (int i = 0; i < ids.Length; i++)
                splits[ids[i]] = i < train ? Splits.Train : i < train + val ? Splits.Val : Splits.Test;
        }
        return splits;
    }
}
