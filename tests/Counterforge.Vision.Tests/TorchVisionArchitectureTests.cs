using Counterforge.Vision.Architectures;

namespace Counterforge.Vision.Tests;

public sealed class TorchVisionArchitectureTests : IDisposable
{
    private static readonly string[] ThreeClasses = ["a", "b", "c"];
    private readonly TestImages images = new();

    [Theory]
    [InlineData("resnet34", "fc", 512)]
    [InlineData("mobilenet_v2", "classifier.1", 1280)]
    [InlineData("mobilenet_v3_small", "classifier.3", 1024)]
    [InlineData("googlenet", "fc", 1024)]
    public void A_torchvision_architecture_gets_a_head_for_the_classes_under_torchvisions_name(string arch, string head, int features)
    {
        using var classifier = ClassifierRegistry.Create(arch, ThreeClasses, seed: 1, imageSize: 64);
        Assert.Contains($"{head}.weight", classifier.StateDictKeys);
        Assert.Equal(features, classifier.FeatureDimension);
        Assert.Equal(3, classifier.Head.Classes);
        var paths = images.RandomSet(arch, 3, 64);
        var expected = classifier.Head.Probabilities(classifier.ExtractFeatures(paths));
        var actual = classifier.PredictProbabilities(paths);
        for (int i = 0; i < paths.Count; i++)
            for (int c = 0; c < 3; c++) Assert.Equal(expected[i][c], actual[i][c], 1e-5f);
    }

    [Fact]
    public void Every_registry_name_is_listed_and_the_same_seed_gives_the_same_weights()
    {
        Assert.Contains("vgg16_bn", ClassifierRegistry.Names);
        Assert.Contains("mobilenet_v3_large", ClassifierRegistry.Names);
        Assert.Contains(ClassifierRegistry.ResNet18Pretrained, ClassifierRegistry.Names);
        using var a = ClassifierRegistry.Create("mobilenet_v3_small", ThreeClasses, seed: 4, imageSize: 32);
        using var b = ClassifierRegistry.Create("mobilenet_v3_small", ThreeClasses, seed: 4, imageSize: 32);
        Assert.Equal(a.Head.Weight, b.Head.Weight);
        using var clone = a.CloneClassifier();
        var paths = images.RandomSet("clone", 2, 32);
        Assert.Equal(a.PredictProbabilities(paths).SelectMany(r => r), clone.PredictProbabilities(paths).SelectMany(r => r));
    }

    [Fact]
    public void An_image_too_small_for_the_architecture_is_refused_with_its_minimum()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TorchVisionArchitectures.Create("inception_v3", 3, 64));
        Assert.Contains("75", error.Message);
    }

    public void Dispose() => images.Dispose();
}
