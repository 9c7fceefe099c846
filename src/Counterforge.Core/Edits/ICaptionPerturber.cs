using Counterforge.Core.Data;

namespace Counterforge.Core.Edits;

/// <summary>Proposes edits of a caption that leave the class subject alone. The null edit is added by the caller.</summary>
public interface ICaptionPerturber
{
    string Name { get; }

    IReadOnlyList<Edit> Perturb(Sample source, string caption, string className);
}
