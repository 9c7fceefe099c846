using Counterforge.Core.Data;

namespace Counterforge.Core.Captions;

/// <summary>Describes an image in one caption that names the class subject and what surrounds it.</summary>
public interface ICaptioner
{
    string Name { get; }

    /// <summary>A string that changes whenever the captioner's output for the same input would change (cache key part).</summary>
    string ConfigKey { get; }

    /// <param name="imagePath">Absolute path of the image.</param>
    /// <param name="className">The image's class name, for captioners that template it or check that it is named.</param>
    /// <exception cref="InvalidDataException">Nothing usable came of this image (it is left out of the edits).</exception>
    /// <exception cref="Pipeline.BackendUnavailableException">The captioner could not be asked (the stage stops; nothing is recorded).</exception>
    Task<string> CaptionAsync(Sample sample, string imagePath, string className, CancellationToken cancel = default);
}
