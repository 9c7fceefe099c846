using Counterforge.Core.Data;
using Counterforge.Core.Edits;

namespace Counterforge.Core.Generation;

/// <summary>Makes the counterfactual image of a source for an edited caption, changing nothing the edit does not name.</summary>
public interface IImageEditor
{
    string Name { get; }

    /// <summary>A string that changes whenever the editor's output for the same input would change (cache key part).</summary>
    string ConfigKey { get; }

    /// <param name="sourceImagePath">Absolute path of the source image.</param>
    /// <returns>The counterfactual, PNG-encoded.</returns>
    byte[] Generate(Sample source, string sourceImagePath, Edit edit);
}
