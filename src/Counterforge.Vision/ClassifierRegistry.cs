using Counterforge.Vision.Images;
using Counterforge.Vision.Modules;
using Counterforge.Vision.Onnx;
using static TorchSharp.torch;

namespace Counterforge.Vision;

/// <summary>The classifier architectures, by name.</summary>
public static class ClassifierRegistry
{
    /// <summary>Four conv-BN-ReLU stages with stride-2 entries, global average pool, linear head; ImageNet normalisation.</summary>
    public const string SmallCnn = "small-cnn";

    /// <summary>TorchVision's ResNet-18 from scratch (PyTorch state-dict names); ImageNet normalisation.</summary>
    public const string ResNet18 = "resnet18";

    /// <summary>The ImageNet ResNet of models/ResNet18.onnx (CNTK, blocks [2,2,2,3]) plus a fresh head; BGR 0..255 minus the mean image.</summary>
    public const string ResNet18Pretrained = "resnet18-pretrained";

    public static IReadOnlyList<string> Names { get; } = [SmallCnn, ResNet18, ResNet18Pretrained];

    /// <summary>Where ResNet18.onnx and ResNetPreprocess.onnx are copied next to the binaries.</summary>
    public static string DefaultModelDirectory => Path.Combine(AppContext.BaseDirectory, "models");

    public const string BackboneFile = "ResNet18.onnx";
    public const string PreprocessFile = "ResNetPreprocess.onnx";

    /// <param name="seed">Seeds the head's (and a from-scratch backbone's) initialisation.</param>
    /// <param name="modelDirectory">For <c>resnet18-pretrained</c>: the folder holding the ONNX files (default <see cref="DefaultModelDirectory"/>).</param>
    public static TorchClassifier Create(string arch, IReadOnlyList<string> classes, int seed, int imageSize = 64, string? modelDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count < 1) throw new ArgumentException("At least one class is needed.", nameof(classes));
        if (imageSize < 16) throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "Images must be at least 16 pixels.");
        TorchRuntime.EnsureInitialized();
        int count = classes.Count;
        switch (arch)
        {
            case SmallCnn:
                manual_seed(seed);
                return new TorchClassifier(arch, classes, imageSize, () => new SmallCnn(count), () => new ImageNetNormalizer());
            case ResNet18:
                manual_seed(seed);
                var spec = ResNetSpec.TorchVision([2, 2, 2, 2]);
                return new TorchClassifier(arch, classes, imageSize, () => new ResNet(spec, count), () => new ImageNetNormalizer());
            case ResNet18Pretrained:
                var directory = modelDirectory ?? DefaultModelDirectory;
                var backbone = PretrainedResNet.Import(Path.Combine(directory, BackboneFile));
                var preprocessing = MeanImagePreprocessing.Import(Path.Combine(directory, PreprocessFile));
                var importedSpec = backbone.Spec; // the closure keeps the layout only, not the imported arrays
                manual_seed(seed);
                var network = new ResNet(importedSpec, count);
                backbone.CopyInto(network);
                return new TorchClassifier(arch, classes, imageSize, () => new ResNet(importedSpec, count), preprocessing.CreateNormalizer, network);
            default:
                throw new ArgumentException($"Unknown classifier architecture '{arch}'; known: {string.Join(", ", Names)}.", nameof(arch));
        }
    }
}
