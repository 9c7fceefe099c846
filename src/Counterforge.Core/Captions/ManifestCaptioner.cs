using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;

namespace Counterforge.Core.Captions;

/// <summary>
/// The captions a dataset brings (its manifest's caption field); an image without one gets the template
/// "a photo of a {class}", which the caption stage records as templated so the report can say how many there were.
/// </summary>
public sealed class ManifestCaptioner : ITemplatingCaptioner
{
    public string Name => "manifest";

    public string ConfigKey => "manifest-or-template-v1";

    public string Caption(Sample sample, string className) =>
        string.IsNullOrWhiteSpace(sample.Caption) ? TemplatedCaption.For(className) : sample.Caption.Trim();

    public Task<string> CaptionAsync(Sample sample, string imagePath, string className, CancellationToken cancel = default) =>
        Task.FromResult(Caption(sample, className));

    /// <summary>The loaders template the captions an image lacks themselves; a sample may also come without any caption.</summary>
    public bool IsTemplated(Sample sample) => sample.CaptionTemplated || string.IsNullOrWhiteSpace(sample.Caption);
}
