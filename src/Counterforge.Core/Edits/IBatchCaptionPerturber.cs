using Counterforge.Core.Data;

namespace Counterforge.Core.Edits;

/// <summary>A perturber that works faster on many captions at once (an endpoint answering requests in parallel).</summary>
public interface IBatchCaptionPerturber : ICaptionPerturber
{
    /// <returns>The edits of each item, in the items' order.</returns>
    IReadOnlyList<IReadOnlyList<Edit>> PerturbMany(IReadOnlyList<(Sample Source, string Caption, string ClassName)> items);
}
