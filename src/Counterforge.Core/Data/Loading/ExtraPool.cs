using Counterforge.Core.Runs;

namespace Counterforge.Core.Data.Loading;

/// <summary>
/// The pool of extra originals, for a dataset that has no extra split: a share of train, class by class, that the baseline
/// never trains on, so the "extra-originals" control (K more ordinary images instead of K counterfactuals) exists on every
/// dataset. Ids sorted ordinally, shuffled with a seed derived from (seed, class): the same files and seed hold out the same images.
/// </summary>
public static class ExtraPool
{
    /// <summary>The largest share that can be held out: the baseline must keep most of its training data.</summary>
    public const double MaxShare = 0.5;

    /// <returns>The samples with the held-out ones in <see cref="Splits.Extra"/>; unchanged when the dataset has an extra split or the share is 0.</returns>
    public static IReadOnlyList<Sample> HoldOut(IReadOnlyList<Sample> samples, double share, int seed)
    {
        if (share is < 0 or > MaxShare || double.IsNaN(share))
            throw new ArgumentOutOfRangeException(nameof(share), share, $"--extra-share: a share of train between 0 and {MaxShare}.");
        if (share == 0 || samples.Any(s => s.Split == Splits.Extra)) return samples;
        var heldOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in samples.Where(s => s.Split == Splits.Train).GroupBy(s => s.Label, StringComparer.Ordinal))
        {
            var ids = group.Select(s => s.Id).Order(StringComparer.Ordinal).ToArray();
            new Random(StableHash.Seed(seed, "extra", group.Key)).Shuffle(ids);
            // Every class keeps at least one training image.
            int count = Math.Min(ids.Length - 1, (int)Math.Round(ids.Length * share, MidpointRounding.AwayFromZero));
            heldOut.UnionWith(ids.Take(count));
        }
        return samples.Select(s => heldOut.Contains(s.Id) ? s with { Split = Splits.Extra } : s).ToList();
    }
}
