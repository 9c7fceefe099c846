using System.Diagnostics;
using Counterforge.Vision.Onnx;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace Counterforge.Vision.Tests;

public sealed class PretrainedResNetTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Models = ClassifierRegistry.DefaultModelDirectory;
    private readonly TestImages images = new();

    [Fact]
    public void The_imported_layout_is_the_cntk_resnet_with_asymmetric_padding()
    {
        var imported = PretrainedResNet.Import(Path.Combine(Models, ClassifierRegistry.BackboneFile));
        var spec = imported.Spec;
        output.WriteLine(spec.ToString());
        Assert.Equal([2, 2, 2, 3], spec.BlocksPerStage);
        // The graph's fixed pads are CNTK's size-dependent "same" padding at its 224² input.
        Assert.Equal(new Modules.Padding2d(3, 3, 2, 2), spec.Stem.Padding.At(224, 224));
        Assert.Equal(new Modules.Padding2d(1, 1, 0, 0), spec.PoolPadding.At(112, 112));
        Assert.Equal(new Modules.Padding2d(1, 1, 0, 0), spec.Stages[1][0].Conv1.Padding.At(56, 56));
        Assert.Equal(new Modules.Padding2d(1, 1, 1, 1), spec.Stages[1][0].Conv1.Padding.At(7, 7));
        Assert.Equal(512, spec.FeatureDimension);
        Assert.Contains("layer4.2.bn2.running_var", imported.Keys);
        Assert.Contains("layer2.0.downsample.0.weight", imported.Keys);
    }

    [Fact]
    public void The_pretrained_module_reproduces_onnx_runtimes_features()
    {
        var paths = images.RandomSet("photo", 3, 224);
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.ResNet18Pretrained, ["a", "b"], seed: 1, imageSize: 224);
        classifier.ExtractFeatures(paths.Take(1).ToArray()); // warm-up
        var clock = Stopwatch.StartNew();
        var torchFeatures = classifier.ExtractFeatures(paths);
        double torchMs = clock.Elapsed.TotalMilliseconds / paths.Count;

        using var options = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount };
        using var preprocess = new InferenceSession(Path.Combine(Models, ClassifierRegistry.PreprocessFile), options);
        using var resnet = new InferenceSession(Path.Combine(Models, ClassifierRegistry.BackboneFile), options);
        var onnxFeatures = new float[paths.Count][];
        double onnxMs = 0;
        for (int i = 0; i < paths.Count; i++)
        {
            var rgb = Images.ImageDecoder.DecodeChw(paths[i], 224).Select(b => (float)b).ToArray();
            if (i == 1) clock.Restart();
            onnxFeatures[i] = RunOnnx(preprocess, resnet, rgb);
            if (i > 0) onnxMs = clock.Elapsed.TotalMilliseconds / i;
        }

        double maxDiff = 0;
        for (int i = 0; i < paths.Count; i++)
        {
            Assert.Equal(512, torchFeatures[i].Length);
            for (int j = 0; j < 512; j++) maxDiff = Math.Max(maxDiff, Math.Abs(torchFeatures[i][j] - onnxFeatures[i][j]));
        }
        output.WriteLine($"max |TorchSharp - ONNX Runtime| = {maxDiff:E2}; per 224² image: TorchSharp {torchMs:F1} ms (batch {paths.Count}), ONNX Runtime {onnxMs:F1} ms");
        Assert.True(maxDiff <= 1e-4, $"max abs diff {maxDiff}");
        Assert.True(onnxFeatures[0].Max() > 0.1f, "features should not be trivially zero");
    }

    private static float[] RunOnnx(InferenceSession preprocess, InferenceSession resnet, float[] rgb)
    {
        long[] shape = [1, 3, 224, 224];
        using var input = OrtValue.CreateTensorValueFromMemory(rgb, shape);
        using var run = new RunOptions();
        using var prepared = preprocess.Run(run, [MeanImagePreprocessing.ExpectedInput], [input], [MeanImagePreprocessing.ExpectedOutput]);
        using var pooled = resnet.Run(run, [PretrainedResNet.ExpectedInput], [prepared[0]], [PretrainedResNet.ExpectedOutput]);
        return pooled[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(112)]
    public void The_pretrained_module_accepts_image_sizes_other_than_the_exports(int size)
    {
        var paths = images.RandomSet($"sized{size}", 2, size);
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.ResNet18Pretrained, ["a", "b"], seed: 1, imageSize: size);
        var features = classifier.ExtractFeatures(paths);
        Assert.All(features, f => Assert.Equal(512, f.Length));
        Assert.All(features, f => Assert.All(f, v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void A_missing_model_file_gives_an_error_naming_the_file()
    {
        var folder = Path.Combine(images.Folder, "empty");
        Directory.CreateDirectory(folder);
        var error = Assert.Throws<FileNotFoundException>(() =>
            ClassifierRegistry.Create(ClassifierRegistry.ResNet18Pretrained, ["a", "b"], 1, modelDirectory: folder));
        Assert.Contains(Path.Combine(folder, ClassifierRegistry.BackboneFile), error.Message);
    }

    [Fact]
    public void A_corrupt_model_file_gives_an_error_naming_the_file()
    {
        var folder = Path.Combine(images.Folder, "corrupt");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ClassifierRegistry.BackboneFile);
        File.WriteAllBytes(path, Enumerable.Range(0, 5000).Select(i => (byte)(i * 37 % 251)).ToArray());
        var error = Assert.Throws<InvalidDataException>(() => PretrainedResNet.Import(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void The_wrong_onnx_model_gives_an_error_naming_the_file_and_what_is_missing()
    {
        var folder = Path.Combine(images.Folder, "wrong");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ClassifierRegistry.BackboneFile);
        File.Copy(Path.Combine(Models, ClassifierRegistry.PreprocessFile), path);
        var error = Assert.Throws<InvalidDataException>(() => PretrainedResNet.Import(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(PretrainedResNet.ExpectedInput, error.Message);
    }

    public void Dispose() => images.Dispose();
}
