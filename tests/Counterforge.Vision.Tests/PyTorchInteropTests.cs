using Counterforge.Core.Classification;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Counterforge.Vision.Tests;

/// <summary>Weights cross between real PyTorch (Debian's 1.13) and Counterforge in both directions with the same logits.</summary>
public sealed class PyTorchInteropTests(ITestOutputHelper output) : IDisposable
{
    private const int Classes = 3, Size = 64;
    /// <summary>Max abs logit difference allowed, per unit of logit scale (random batch-norm statistics make resnet50's logits ~200).</summary>
    private const float Tolerance = 1e-4f;
    private readonly TestImages images = new();

    [PyTorchTheory]
    [InlineData("resnet18")]
    [InlineData("resnet50")]
    [InlineData("mobilenet_v2")]
    [InlineData("mobilenet_v3_small")]
    [InlineData("googlenet")]
    public void A_state_dict_saved_by_pytorch_gives_pytorchs_logits_and_a_fine_tuned_safetensors_file_gives_ours_in_pytorch(string arch)
    {
        var folder = images.Folder;
        output.WriteLine(PyTorch.RunScript("write", folder, arch, $"{Classes}", $"{Size}"));
        string[] names = ["a", "b", "c"];
        using var classifier = ClassifierRegistry.Create(new ClassifierOptions(arch, names) { ImageSize = Size, WeightsPath = Path.Combine(folder, arch + ".pt") });
        using var inputs = ReadFloats(Path.Combine(folder, "inputs.f32"), 2, 3, Size, Size);
        var expected = MemoryMarshalFloats(File.ReadAllBytes(Path.Combine(folder, arch + ".logits.f32")));
        var loaded = Logits(classifier, inputs);
        float diff = MaxAbsDiff(loaded, expected), scale = MathF.Max(1, expected.Max(MathF.Abs));
        output.WriteLine($"{arch}: PyTorch .pt → TorchSharp, max abs logit diff {diff:G3} (largest |logit| {scale:G3})");
        Assert.True(diff <= Tolerance * scale, $"{arch}: logits differ from PyTorch's by {diff} (largest |logit| {scale})");

        // Fine-tune a little (weights and batch-norm statistics move), save, and let PyTorch recompute the logits.
        var data = Enumerable.Range(0, 4).Select(i => new LabeledImage(images.Random($"tune{i}", Size, i), i % Classes)).ToArray();
        classifier.Train(data, new TrainingOptions(Epochs: 1, BatchSize: 4, LearningRate: 0.01, Augment: false));
        var tuned = Logits(classifier, inputs);
        Assert.True(MaxAbsDiff(tuned, loaded) > 1e-3, "fine-tuning should change the logits");
        var weights = Path.Combine(folder, arch + ".safetensors");
        classifier.Save(weights);
        File.WriteAllBytes(Path.Combine(folder, "expected.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(tuned.AsSpan()).ToArray());
        output.WriteLine(PyTorch.RunScript("check", folder, arch, $"{Classes}", weights));
    }

    private static float[] Logits(TorchClassifier classifier, Tensor inputs)
    {
        using var _ = no_grad();
        classifier.Network.eval();
        using var logits = classifier.Network.forward(inputs);
        return logits.contiguous().data<float>().ToArray();
    }

    private static Tensor ReadFloats(string path, params long[] shape) => tensor(MemoryMarshalFloats(File.ReadAllBytes(path)), shape);

    private static float[] MemoryMarshalFloats(byte[] bytes) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    private static float MaxAbsDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();
    }

    public void Dispose() => images.Dispose();
}
