using Counterforge.Core.Data;

namespace Counterforge.Core.Pipeline;

/// <summary>An image the classifier is asked about: an original (id = sample id) or a counterfactual (id = edit id).</summary>
public sealed record ImageRef(string Id, string FullPath)
{
    public static ImageRef Of(Dataset data, Sample sample) => new(sample.Id, data.FullPath(sample));
}
