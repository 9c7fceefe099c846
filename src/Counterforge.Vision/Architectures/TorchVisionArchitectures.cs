using Counterforge.Vision.Modules;
using static TorchSharp.torch;
using static TorchSharp.torchvision;

namespace Counterforge.Vision.Architectures;

/// <summary>The TorchVision architectures TorchSharp's TorchVision package builds, by torchvision's names, each with its head's name.</summary>
public static class TorchVisionArchitectures
{
    private sealed record Entry(Func<int, nn.Module<Tensor, Tensor>> Create, string HeadName, int MinimumSize = 32);

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal)
    {
        ["resnet34"] = new(c => models.resnet34(c), "fc"),
        ["resnet50"] = new(c => models.resnet50(c), "fc"),
        ["resnet101"] = new(c => models.resnet101(c), "fc"),
        ["resnet152"] = new(c => models.resnet152(c), "fc"),
        ["resnext50_32x4d"] = new(c => models.resnext50_32x4d(c), "fc"),
        ["resnext101_32x8d"] = new(c => models.resnext101_32x8d(c), "fc"),
        ["resnext101_64x4d"] = new(c => models.resnext101_64x4d(c), "fc"),
        ["wide_resnet50_2"] = new(c => models.wide_resnet50_2(c), "fc"),
        ["wide_resnet101_2"] = new(c => models.wide_resnet101_2(c), "fc"),
        ["vgg11"] = new(c => models.vgg11(c), "classifier.6"),
        ["vgg11_bn"] = new(c => models.vgg11_bn(c), "classifier.6"),
        ["vgg13"] = new(c => models.vgg13(c), "classifier.6"),
        ["vgg13_bn"] = new(c => models.vgg13_bn(c), "classifier.6"),
        ["vgg16"] = new(c => models.vgg16(c), "classifier.6"),
        ["vgg16_bn"] = new(c => models.vgg16_bn(c), "classifier.6"),
        ["vgg19"] = new(c => models.vgg19(c), "classifier.6"),
        ["vgg19_bn"] = new(c => models.vgg19_bn(c), "classifier.6"),
        ["alexnet"] = new(c => models.alexnet(c), "classifier.6", MinimumSize: 63),
        ["googlenet"] = new(c => models.googlenet(c), "fc"),
        ["inception_v3"] = new(c => models.inception_v3(c), "fc", MinimumSize: 75),
        ["mobilenet_v2"] = new(c => models.mobilenet_v2(c), "classifier.1"),
        ["mobilenet_v3_large"] = new(c => new MobileNetV3WithHead(models.mobilenet_v3_large(), c), "classifier.3"),
        ["mobilenet_v3_small"] = new(c => new MobileNetV3WithHead(models.mobilenet_v3_small(), c), "classifier.3"),
    };

    /// <summary>Every name <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Keys.ToArray();

    public static bool Contains(string name) => Entries.ContainsKey(name);

    /// <summary>A freshly initialised network (torchvision's initialisation, drawn from the current torch seed) with a <paramref name="classes"/>-way head.</summary>
    public static TorchVisionNet Create(string name, int classes, int imageSize)
    {
        var entry = Entries.GetValueOrDefault(name)
            ?? throw new ArgumentException($"Unknown TorchVision architecture '{name}'; known: {string.Join(", ", Names)}.", nameof(name));
        if (imageSize < entry.MinimumSize)
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, $"{name} needs images of at least {entry.MinimumSize} pixels.");
        return new TorchVisionNet(name, entry.Create(classes), entry.HeadName);
    }
}
