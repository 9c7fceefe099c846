using Counterforge.Core.Classification;
using Counterforge.Core.Runs;
using Counterforge.Vision.Images;
using Counterforge.Vision.Modules;
using Counterforge.Vision.Training;
using Counterforge.Vision.Weights;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Counterforge.Vision;

/// <summary>
/// A TorchSharp image classifier (CPU): a <see cref="FeatureNet"/> backbone with a linear head, fed square RGB images of
/// <see cref="ImageSize"/> pixels made by <see cref="Preprocessing"/> through an architecture-specific normalisation.
/// Create with <see cref="ClassifierRegistry.Create(ClassifierOptions)"/>. Not thread-safe.
/// </summary>
public sealed class TorchClassifier : ITrainableClassifier, IEarlyModules
{
    private readonly Func<FeatureNet> createNetwork;
    private readonly Func<IInputNormalizer> createNormalizer;
    private readonly FeatureNet network;
    private readonly IInputNormalizer normalizer;
    private LowPrecisionTwin? twin;
    private bool twinIsCurrent;
    private bool disposed;

    internal TorchClassifier(string architecture, IReadOnlyList<string> classes, Preprocessing preprocessing,
        Func<FeatureNet> createNetwork, Func<IInputNormalizer> createNormalizer, FeatureNet? network = null,
        ComputePrecision precision = ComputePrecision.Float32)
    {
        Precision = precision;
        TorchRuntime.EnsureInitialized();
        Name = architecture;
        Classes = classes.ToArray();
        Preprocessing = preprocessing;
        this.createNetwork = createNetwork;
        this.createNormalizer = createNormalizer;
        this.network = network ?? createNetwork();
        this.network.eval();
        normalizer = createNormalizer();
    }

    /// <summary>The architecture's registry name (e.g. <c>resnet18</c>).</summary>
    public string Name { get; }

    public IReadOnlyList<string> Classes { get; }

    /// <summary>Resize and crop (the mean/std apply to architectures normalised that way; mlnet-resnet18 subtracts its mean image).</summary>
    public Preprocessing Preprocessing { get; }

    /// <summary>Network inputs are ImageSize × ImageSize.</summary>
    public int ImageSize => Preprocessing.CropSize;

    /// <summary>The number format of forward and backward passes; weights and saved files are float32 either way.</summary>
    public ComputePrecision Precision { get; }

    /// <summary>Training keeps its decoded images in memory up to this many bytes; a larger set is decoded batch by batch
    /// each epoch, with the same results (the input pipeline decodes many times faster than a train step consumes).</summary>
    public long TrainingImageCacheBytes { get; set; } = Trainer.DefaultImageCacheBytes;

    /// <summary>Images per forward pass in prediction and feature extraction.</summary>
    public int BatchSize { get; set; } = 64;

    public int FeatureDimension => network.FeatureDimension;

    internal FeatureNet Network => network;

    /// <summary>A ResNet's stem and first stage (conv1, bn1, layer1), as the state dict names them; empty for other layouts.</summary>
    public IReadOnlyList<string> EarlyModules => network.EarlyModules;

    /// <summary>Parameter and buffer names with PyTorch's conventions (what Save writes).</summary>
    public IReadOnlyList<string> StateDictKeys => network.state_dict().Keys.ToArray();

    public LinearHead Head
    {
        get
        {
            using var _ = no_grad();
            var fc = network.Head;
            return new LinearHead(Classes.Count, FeatureDimension,
                fc.weight!.data<float>().ToArray(), fc.bias!.data<float>().ToArray());
        }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Classes != Classes.Count || value.Features != FeatureDimension
                || value.Weight.Length != value.Classes * value.Features || value.Bias.Length != value.Classes)
                throw new ArgumentException($"Head is {value.Classes}×{value.Features}; this classifier needs {Classes.Count}×{FeatureDimension}.", nameof(value));
            using var _ = no_grad();
            using var weight = tensor(value.Weight, new long[] { value.Classes, value.Features });
            using var bias = tensor(value.Bias);
            network.Head.weight!.copy_(weight);
            network.Head.bias!.copy_(bias);
            twinIsCurrent = false;
        }
    }

    public float[][] PredictProbabilities(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancel = default) =>
        Evaluate(imagePaths, progress, cancel, (net, x) => nn.functional.softmax(net.forward(x).to_type(ScalarType.Float32), 1));

    public float[][] ExtractFeatures(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancel = default) =>
        Evaluate(imagePaths, progress, cancel, (net, x) => net.forward_features(x).to_type(ScalarType.Float32));

    /// <summary>Softmax probabilities of an in-memory uint8 RGB batch [N,3,ImageSize,ImageSize] (already resized), one row per image.</summary>
    public float[][] PredictProbabilities(Tensor rgbBytes)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var compute = ComputeNetwork();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var logits = compute.forward(LowPrecisionTwin.InputFor(compute, normalizer.Normalize(rgbBytes)));
        return Rows(nn.functional.softmax(logits.to_type(ScalarType.Float32), 1));
    }

    /// <summary>Runs <paramref name="forward"/> in eval mode without gradients, one dispose scope per batch; reports images done.</summary>
    private float[][] Evaluate(IReadOnlyList<string> imagePaths, IProgress<int>? progress, CancellationToken cancel, Func<FeatureNet, Tensor, Tensor> forward)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var compute = ComputeNetwork();
        using var _ = no_grad();
        var rows = new float[imagePaths.Count][];
        // The next batches are decoded and normalised on two workers while this one runs through the network.
        var pipeline = new ImageBatchPipeline(ImageSize, Math.Max(1, BatchSize), workers: 2, normalizer, Preprocessing.ResizeTo);
        int start = 0;
        foreach (var input in pipeline.Batches(imagePaths, cancel))
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var owned = input;
            int count = (int)input.shape[0];
            var output = forward(compute, LowPrecisionTwin.InputFor(compute, input)).contiguous();
            var values = output.data<float>().ToArray();
            int width = (int)output.shape[1];
            for (int i = 0; i < count; i++) rows[start + i] = values.AsSpan(i * width, width).ToArray();
            start += count;
            progress?.Report(start);
        }
        return rows;
    }

    /// <summary>The network that evaluation runs on, in eval mode: the master, or its bfloat16 twin brought up to date.</summary>
    private FeatureNet ComputeNetwork()
    {
        network.eval();
        if (Precision == ComputePrecision.Float32) return network;
        var current = CurrentTwin();
        current.Network.eval();
        return current.Network;
    }

    private LowPrecisionTwin CurrentTwin()
    {
        if (twin is null) twin = new LowPrecisionTwin(network, createNetwork());
        else if (!twinIsCurrent) twin.CopyFromMaster();
        twinIsCurrent = true;
        return twin;
    }

    private static float[][] Rows(Tensor output)
    {
        var values = output.contiguous().data<float>().ToArray();
        int width = (int)output.shape[1];
        return Enumerable.Range(0, (int)output.shape[0]).Select(i => values.AsSpan(i * width, width).ToArray()).ToArray();
    }

    /// <summary>A full-network SGD step on ready batches, the trainer's own step (see <see cref="BatchTrainer"/>), in float32.</summary>
    public BatchTrainer CreateBatchTrainer(double learningRate = 0.01, double weightDecay = 5e-4)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        twinIsCurrent = false;
        return new BatchTrainer(network, normalizer, learningRate, weightDecay);
    }

    public void Train(IReadOnlyList<LabeledImage> data, TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        // The twin is made (which draws initial weights) before the trainer seeds torch's generator.
        var trainingTwin = Precision == ComputePrecision.Float32 ? null : CurrentTwin();
        twinIsCurrent = false;
        Trainer.Run(network, trainingTwin, normalizer, Preprocessing, Classes.Count, data, options, progress, TrainingImageCacheBytes, cancel);
    }

    /// <summary>Writes the state dict (PyTorch names) as safetensors via a temporary file and a rename.</summary>
    public void Save(string path)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using var stream = new MemoryStream();
        network.save_safetensors(stream, leaveOpen: true);
        AtomicFile.WriteAllBytes(path, stream.GetBuffer().AsSpan(0, (int)stream.Length));
    }

    /// <summary>Loads a safetensors or PyTorch state-dict file; keys and shapes must match exactly (errors name the file and key).</summary>
    public void Load(string path) => Load(path, includeHead: true);

    /// <param name="includeHead">False keeps this classifier's head and loads every other weight (the file's head may have any shape or be absent).</param>
    public void Load(string path, bool includeHead)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        StateDictLoader.Load(network, path, includeHead ? null : network.HeadName + ".");
        network.eval();
        twinIsCurrent = false;
    }

    public ITrainableClassifier Clone() => CloneClassifier();

    /// <summary>A deep copy: same architecture, classes and image size; weights and BN statistics copied.</summary>
    public TorchClassifier CloneClassifier()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var copy = createNetwork();
        using (no_grad())
        {
            var target = copy.state_dict();
            foreach (var (key, value) in network.state_dict()) target[key].copy_(value);
        }
        return new TorchClassifier(Name, Classes, Preprocessing, createNetwork, createNormalizer, copy, Precision) { BatchSize = BatchSize, TrainingImageCacheBytes = TrainingImageCacheBytes };
    }

    /// <summary>
    /// Weight-space interpolation (1 − α)·this + α·<paramref name="towards"/> of every floating-point tensor, batch-norm
    /// statistics included (WiSE-FT): α = 0 is this model, α = 1 the other.
    /// </summary>
    public ITrainableClassifier Interpolate(ITrainableClassifier towards, double alpha)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (towards is not TorchClassifier other || other.Name != Name || other.Classes.Count != Classes.Count)
            throw new ArgumentException($"Can only interpolate between two {Name} classifiers with {Classes.Count} classes.", nameof(towards));
        var blended = CloneClassifier();
        using (no_grad())
        {
            var target = blended.network.state_dict();
            foreach (var (key, value) in other.network.state_dict())
            {
                if (value.is_floating_point()) target[key].lerp_(value, alpha);
                else if (alpha >= 0.5) target[key].copy_(value);
            }
        }
        return blended;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        network.Dispose();
        twin?.Dispose();
        normalizer.Dispose();
    }
}
