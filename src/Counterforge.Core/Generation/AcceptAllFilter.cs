using Counterforge.Core.Data;
using Counterforge.Core.Edits;

namespace Counterforge.Core.Generation;

/// <summary>For editors that are exact by construction (the scenes renderer draws exactly what the caption says).</summary>
public sealed class AcceptAllFilter : ICounterfactualFilter
{
    public string Name => "exact";

    public Task<FilterDecision> CheckAsync(Sample source, string sourceImagePath, Edit edit, byte[] counterfactualPng, CancellationToken cancel = default) =>
        Task.FromResult(FilterDecision.Accept);
}
