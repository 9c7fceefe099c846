using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Reinforcement;

/// <summary>Chooses the K training images a reinforcement may add, all from the train split (or the extra originals pool).</summary>
public static class BudgetSelection
{
    /// <summary>One edit per source, sources in a seeded order, edits restricted to <paramref name="kinds"/> (all non-null kinds when null).</summary>
    public static IReadOnlyList<Edit> Counterfactuals(IReadOnlyList<Edit> trainEdits, IReadOnlyCollection<string>? kinds, int k, int seed)
    {
        var random = new Random(StableHash.Seed(seed, "budget", kinds is null ? "random" : string.Join(",", kinds.Order()), k));
        var bySource = trainEdits.Where(e => !e.IsNull && (kinds is null || kinds.Contains(e.Kind)))
            .GroupBy(e => e.SourceId).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        Shuffle(bySource, random);
        var chosen = new List<Edit>(k);
        foreach (var group in bySource)
        {
            if (chosen.Count == k) break;
            var options = group.ToList();
            if (kinds is null)
            {
                // Random selection: first a kind, uniformly, then a word, so kinds with many words are not favoured.
                var kindList = options.Select(e => e.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
                var kind = kindList[random.Next(kindList.Count)];
                options = options.Where(e => e.Kind == kind).ToList();
            }
            chosen.Add(options[random.Next(options.Count)]);
        }
        return chosen;
    }

    /// <summary>
    /// Up to <paramref name="k"/> candidates, class by class in turn (classes in ascending order), each class's in ascending
    /// <paramref name="trueClassProbability"/>: the counterfactuals the model gets most wrong, without letting the one class it
    /// confuses most take the whole budget. Ties keep the candidates' order.
    /// </summary>
    public static IReadOnlyList<T> HardestByClass<T>(IReadOnlyList<T> candidates, Func<T, int> label, Func<T, double> trueClassProbability, int k)
    {
        var queues = candidates.GroupBy(label).OrderBy(g => g.Key)
            .Select(g => new Queue<T>(g.OrderBy(trueClassProbability))).ToList();
        return RoundRobin(queues, k);
    }

    public static IReadOnlyList<Sample> ExtraOriginals(IEnumerable<Sample> pool, int k, int seed)
    {
        var list = pool.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        Shuffle(list, new Random(StableHash.Seed(seed, "extra-originals", k)));
        return list.Take(k).ToList();
    }

    /// <summary>Round-robin over groups in a seeded order: as group-balanced as the pool allows.</summary>
    public static IReadOnlyList<T> GroupBalanced<T>(IReadOnlyList<T> pool, Func<T, string> group, int k, int seed)
    {
        var random = new Random(StableHash.Seed(seed, "group-balanced", k));
        var queues = pool.GroupBy(group).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => { var items = g.ToList(); Shuffle(items, random); return new Queue<T>(items); }).ToList();
        Shuffle(queues, random);
        return RoundRobin(queues, k);
    }

    /// <summary>Up to k items, one from each queue in turn, until k are taken or every queue is empty.</summary>
    private static List<T> RoundRobin<T>(IReadOnlyList<Queue<T>> queues, int k)
    {
        var chosen = new List<T>(k);
        while (chosen.Count < k && queues.Any(q => q.Count > 0))
            foreach (var queue in queues)
                if (chosen.Count < k && queue.Count > 0) chosen.Add(queue.Dequeue());
        return chosen;
    }

    public static void Shuffle<T>(IList<T> list, Random random)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
