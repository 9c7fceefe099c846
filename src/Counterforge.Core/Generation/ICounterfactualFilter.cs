using Counterforge.Core.Data;
using Counterforge.Core.Edits;

namespace Counterforge.Core.Generation;

public sealed record FilterDecision(bool Accepted, string? Reason = null, IReadOnlyDictionary<string, double>? Scores = null)
{
    public static readonly FilterDecision Accept = new(true);
}

/// <summary>Rejects generations that failed or destroyed the subject.</summary>
public interface ICounterfactualFilter
{
    string Name { get; }

    Task<FilterDecision> CheckAsync(Sample source, string sourceImagePath, Edit edit, byte[] counterfactualPng, CancellationToken cancel = default);
}
