using Counterforge.Core.Captions;
using Counterforge.Core.Data;

namespace Counterforge.Language.Captioning;

/// <summary>The caption the dataset's manifest gives each sample; a sample without one is an error that names it.</summary>
public sealed class ManifestCaptioner : ICaptioner
{
    public string Name => "manifest";

    public string ConfigKey => "manifest";

    public string Caption(Sample sample, string imagePath, string className) =>
        string.IsNullOrWhiteSpace(sample.Caption)
            ? throw new InvalidDataException($"Sample '{sample.Id}' has no caption in the manifest; choose another captioner (template, chat, onnx).")
            : sample.Caption;
}
