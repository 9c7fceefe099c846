using Counterforge.Vision.Architectures;
using Counterforge.Vision.Images;
using Counterforge.Vision.Modules;
using Counterforge.Vision.Onnx;
using static TorchSharp.torch;

namespace Counterforge.Vision;

/// <summary>The classifier architectures, by name: three of our own plus every TorchVision architecture TorchSharp builds.</summary>
public static class ClassifierRegistry
{
    /// <summary>Four conv-BN-ReLU stages with stride-2 entries, global average pool, linear head; ImageNet normalisation.</summary>
    public const string SmallCnn = "small-cnn";

    /// <summary>TorchVision's ResNet-18 (PyTorch state-dict names, so torchvision resnet18 weights load); ImageNet normalisation.</summary>
    public const string ResNet18 = "resnet18";

    /// <summary>
    /// ML.NET's ImageNet ResNet-18 (models/ResNet18.onnx, a CNTK export with blocks [2,2,2,3], not torchvision's) plus a
    /// fresh head; BGR 0..255 minus a mean image. Shipped offline with the Microsoft.ML.DnnImageFeaturizer.ResNet18 package.
    /// </summary>
    public const string ResNet18Pretrained = "mlnet-resnet18";

    /// <summary>What <see cref="ResNet18Pretrained"/> was called before: accepted, and recorded under its real name.</summary>
    public const string ResNet18PretrainedAlias = "resnet18-pretrained";

    /// <summary>The architecture a name stands for (an alias resolved).</summary>
    public static string Canonical(string name) => name == ResNet18PretrainedAlias ? ResNet18Pretrained : name;

    /// <summary>Every accepted <c>--arch</c>: ours, then torchvision's names (resnet34 … mobilenet_v3_small).</summary>
    public static IReadOnlyList<string> Names { get; } = [SmallCnn, ResNet18, ResNet18Pretrained, .. TorchVisionArchitectures.Names];

    /// <summary>Where ResNet18.onnx and ResNetPreprocess.onnx are copied next to the binaries.</summary>
    public static string DefaultModelDirectory => Path.Combine(AppContext.BaseDirectory, "models");

    public const string BackboneFile = "ResNet18.onnx";
    public const string PreprocessFile = "ResNetPreprocess.onnx";

    /// <summary>A classifier with stretch-to-square preprocessing and ImageNet statistics, freshly initialised from <paramref name="seed"/>.</summary>
    public static TorchClassifier Create(string arch, IReadOnlyList<string> classes, int seed, int imageSize = 64, string? modelDirectory = null) =>
        Create(new ClassifierOptions(arch, classes) { Seed = seed, ImageSize = imageSize, ModelDirectory = modelDirectory });

    /// <summary>Builds the architecture with a head for the options' classes, then loads the weights file if one is given.</summary>
    public static TorchClassifier Create(ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Classes.Count < 1) throw new ArgumentException("At least one class is needed.", nameof(options));
        var preprocessing = options.ResolvedPreprocessing;
        TorchRuntime.EnsureInitialized();
        var classifier = CreateInitialized(options, preprocessing);
        if (options.WeightsPath is { } weights)
        {
            try
            {
                classifier.Load(weights, options.LoadHead);
            }
            catch
            {
                classifier.Dispose();
                throw;
            }
        }
        return classifier;
    }

    private static TorchClassifier CreateInitialized(ClassifierOptions options, Preprocessing preprocessing)
    {
        var (arch, classes, count, seed) = (Canonical(options.Architecture), options.Classes, options.Classes.Count, options.Seed);
        int size = preprocessing.CropSize;
        Func<IInputNormalizer> meanStd = () => new MeanStdNormalizer(preprocessing.Mean, preprocessing.Std);
        switch (arch)
        {
            case SmallCnn:
                manual_seed(seed);
                return new TorchClassifier(arch, classes, preprocessing, () => new SmallCnn(count), meanStd, precision: options.Precision);
            case ResNet18:
                manual_seed(seed);
                var spec = ResNetSpec.TorchVision([2, 2, 2, 2]);
                return new TorchClassifier(arch, classes, preprocessing, () => new ResNet(spec, count), meanStd, precision: options.Precision);
            case ResNet18Pretrained:
                var directory = options.ModelDirectory ?? DefaultModelDirectory;
                var backbone = PretrainedResNet.Import(Path.Combine(directory, BackboneFile));
                var mean = MeanImagePreprocessing.Import(Path.Combine(directory, PreprocessFile));
                var importedSpec = backbone.Spec; // the closure keeps the layout only, not the imported arrays
                manual_seed(seed);
                var network = new ResNet(importedSpec, count);
                backbone.CopyInto(network);
                return new TorchClassifier(arch, classes, preprocessing, () => new ResNet(importedSpec, count), mean.CreateNormalizer, network, precision: options.Precision);
            case var name when TorchVisionArchitectures.Contains(name):
                manual_seed(seed);
                var first = TorchVisionArchitectures.Create(name, count, size);
                return new TorchClassifier(arch, classes, preprocessing, () => TorchVisionArchitectures.Create(name, count, size), meanStd, first, precision: options.Precision);
            default:
                throw new ArgumentException($"Unknown classifier architecture '{arch}'; known: {string.Join(", ", Names)}.", nameof(options));
        }
    }
}
