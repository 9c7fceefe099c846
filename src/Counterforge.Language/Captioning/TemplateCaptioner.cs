using Counterforge.Core.Captions;
using Counterforge.Core.Data;

namespace Counterforge.Language.Captioning;

/// <summary>The caption every image gets when nothing better is known: "a photo of a {class}" (the template is configurable).</summary>
public sealed class TemplateCaptioner : ITemplatingCaptioner
{
    public const string DefaultTemplate = "a photo of a {class}";
    private readonly string template;

    public TemplateCaptioner(string template = DefaultTemplate)
    {
        if (!template.Contains("{class}", StringComparison.Ordinal))
            throw new ArgumentException($"Caption template '{template}' must contain {{class}}.");
        this.template = template;
    }

    public string Name => "template";

    public string ConfigKey => $"template:{template}";

    public bool IsTemplated(Sample sample) => true;

    public string Caption(string className) => template.Replace("{class}", className, StringComparison.Ordinal);

    public Task<string> CaptionAsync(Sample sample, string imagePath, string className, CancellationToken cancel = default) =>
        Task.FromResult(Caption(className));
}
