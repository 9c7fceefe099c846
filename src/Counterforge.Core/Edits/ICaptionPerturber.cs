using Counterforge.Core.Data;

namespace Counterforge.Core.Edits;

/// <summary>
/// Proposes edits of a caption that leave the class subject alone. The null edit is added by the caller. The stage asks
/// for many captions at once; a perturber behind an endpoint bounds its own requests in flight.
/// </summary>
public interface ICaptionPerturber
{
    string Name { get; }

    /// <exception cref="Pipeline.BackendUnavailableException">The perturber could not be asked (the stage stops; nothing is recorded).</exception>
    Task<IReadOnlyList<Edit>> PerturbAsync(Sample source, string caption, string className, CancellationToken cancel = default);
}
