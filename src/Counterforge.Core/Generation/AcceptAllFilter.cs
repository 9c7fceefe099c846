using Counterforge.Core.Data;
using Counterforge.Core.Edits;

namespace Counterforge.Core.Generation;

/// <summary>For editors that are exact by construction (the scenes renderer draws exactly what the caption says).</summary>
public sealed class AcceptAllFilter : ICounterfactualFilter
{
    public string Name => "exact";

    public FilterDecision Check(Sample source, string sourceImagePath, Edit edit, byte[] counterfactualPng) => FilterDecision.Accept;
}
