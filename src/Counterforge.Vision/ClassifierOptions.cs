using Counterforge.Vision.Images;

namespace Counterforge.Vision;

/// <summary>Everything <see cref="ClassifierRegistry.Create(ClassifierOptions)"/> needs, one field per CLI option.</summary>
/// <param name="Architecture">A name from <see cref="ClassifierRegistry.Names"/> (--arch).</param>
/// <param name="Classes">Class names in output order (--classes FILE via <see cref="ClassNames.Read"/>, or the dataset's).</param>
public sealed record ClassifierOptions(string Architecture, IReadOnlyList<string> Classes)
{
    /// <summary>Seeds the initialisation of everything not loaded from weights (--seed).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Side of the square network input (--image-size); used when <see cref="Preprocessing"/> is null.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>Resize, crop and mean/std (--resize, --mean, --std); null: stretch to <see cref="ImageSize"/>², ImageNet mean/std.</summary>
    public Preprocessing? Preprocessing { get; init; }

    /// <summary>A safetensors or PyTorch state-dict file (--weights); null: freshly initialised.</summary>
    public string? WeightsPath { get; init; }

    /// <summary>False loads only the backbone from <see cref="WeightsPath"/> and keeps a fresh head sized for
    /// <see cref="Classes"/> (transfer from, say, a 1000-class ImageNet state dict).</summary>
    public bool LoadHead { get; init; } = true;

    /// <summary>For <c>mlnet-resnet18</c>: the folder holding its ONNX files (default <see cref="ClassifierRegistry.DefaultModelDirectory"/>).</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>The number format of forward and backward passes (--precision); float32 unless asked.</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Float32;

    public Preprocessing ResolvedPreprocessing => (Preprocessing ?? Preprocessing.Stretch(ImageSize)).Validated();
}
