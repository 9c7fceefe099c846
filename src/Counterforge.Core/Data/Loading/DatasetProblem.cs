namespace Counterforge.Core.Data.Loading;

/// <summary>Why one file (or manifest line) was left out of a dataset, or loaded without a part (its mask, say).</summary>
public sealed record DatasetProblem(string File, string Reason)
{
    public override string ToString() => $"{File}: {Reason}";
}

/// <summary>A dataset and what was left out of it while loading.</summary>
public sealed record LoadedDataset(Dataset Dataset, IReadOnlyList<DatasetProblem> Problems);
