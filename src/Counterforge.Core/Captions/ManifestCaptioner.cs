using Counterforge.Core.Data;

namespace Counterforge.Core.Captions;

/// <summary>
/// The captions a dataset brings (its manifest's caption field); an image without one gets the template
/// "a photo of a {class}", which the caption stage records as templated so the report can say how many there were.
/// </summary>
public sealed class ManifestCaptioner : ICaptioner
{
    public const string Template = "a photo of a {0}";

    public string Name => "manifest";

    public string ConfigKey => "manifest-or-template-v1";

    public string Caption(Sample sample, string imagePath, string className) =>
        string.IsNullOrWhiteSpace(sample.Caption) ? Templated(className) : sample.Caption.Trim();

    public static bool IsTemplated(Sample sample) => string.IsNullOrWhiteSpace(sample.Caption);

    public static string Templated(string className) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, className);
}
