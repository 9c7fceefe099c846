using Counterforge.Core.Classification;
using Counterforge.Vision.Images;
using Counterforge.Vision.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Counterforge.Vision.Training;

/// <summary>
/// SGD (momentum 0.9, weight decay) with a cosine learning rate over all steps, cross-entropy weighted per sample
/// (mean over the batch of weight × loss), optional crop/flip augmentation. Head-only training keeps the backbone in
/// eval mode (BN statistics untouched) and optimises only <c>fc</c>; without augmentation it computes the features once.
/// Deterministic for a seed: torch.manual_seed(seed) and shuffles/augmentation from new Random(seed).
/// </summary>
internal static class Trainer
{
    public static void Run(FeatureNet network, IInputNormalizer normalizer, Preprocessing preprocessing, int classes,
        IReadOnlyList<LabeledImage> data, TrainingOptions options, IProgress<TrainingProgress>? progress)
    {
        Validate(data, options, classes);
        torch.manual_seed(options.Seed);
        var random = new Random(options.Seed);

        // Each distinct image is decoded once; samples refer to it by index (duplicates are upsampling).
        var distinct = new Dictionary<string, long>(StringComparer.Ordinal);
        var imageIndex = data.Select(d => distinct.TryGetValue(d.ImagePath, out var i) ? i : distinct[d.ImagePath] = distinct.Count).ToArray();
        using var images = DecodeAll(distinct.Keys.ToArray(), preprocessing);
        using var labels = tensor(data.Select(d => (long)d.Label).ToArray());
        using var weights = tensor(data.Select(d => d.Weight).ToArray());
        using var imageIndices = tensor(imageIndex);
        using var cachedFeatures = options.HeadOnly && !options.Augment ? Features(network, normalizer, images, options.BatchSize) : null;

        var parameters = options.HeadOnly ? network.Head.parameters() : network.parameters();
        using var sgd = new SgdStep(parameters, options.LearningRate, options.WeightDecay);
        int n = data.Count, batchSize = Math.Max(1, options.BatchSize);
        // A final batch of one image is skipped (batch norm cannot train on it); shuffling varies which image that is.
        int stepsPerEpoch = n <= batchSize ? 1 : n / batchSize + (n % batchSize > 1 ? 1 : 0);
        int totalSteps = stepsPerEpoch * options.Epochs;
        var order = Enumerable.Range(0, n).ToArray();
        try
        {
            if (options.HeadOnly) network.eval(); else network.train();
            if (options.FreezeNormalization) FreezeNormalization(network);
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                random.Shuffle(order);
                for (int step = 0; step < stepsPerEpoch; step++)
                {
                    using var scope = NewDisposeScope();
                    sgd.LearningRate = CosineSchedule.At(options.LearningRate, epoch * stepsPerEpoch + step, totalSteps);

                    var sampleIds = order.AsSpan(step * batchSize, Math.Min(batchSize, n - step * batchSize)).ToArray().Select(i => (long)i).ToArray();
                    var samples = tensor(sampleIds);
                    var logits = Logits(network, normalizer, images, cachedFeatures, imageIndices.index_select(0, samples), options, random);
                    float loss = sgd.Run(logits, labels.index_select(0, samples), weights.index_select(0, samples));
                    progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, step + 1, stepsPerEpoch, loss));
                }
            }
        }
        finally
        {
            network.eval();
        }
    }

    /// <summary>All images as one uint8 batch [N,3,S,S], decoded by the input pipeline's workers.</summary>
    private static Tensor DecodeAll(IReadOnlyList<string> paths, Preprocessing preprocessing)
    {
        var parts = new ImageBatchPipeline(preprocessing.CropSize, batchSize: 64, workers: 2, resizeTo: preprocessing.ResizeTo).Batches(paths).ToList();
        try
        {
            return cat(parts);
        }
        finally
        {
            foreach (var part in parts) part.Dispose();
        }
    }

    private static Tensor Logits(FeatureNet network, IInputNormalizer normalizer, Tensor images, Tensor? cachedFeatures,
        Tensor batchImages, TrainingOptions options, Random random)
    {
        if (cachedFeatures is not null) return network.Head.forward(cachedFeatures.index_select(0, batchImages));
        var raw = images.index_select(0, batchImages);
        if (options.Augment) raw = Augmentation.CropAndFlip(raw, random);
        var input = normalizer.Normalize(raw);
        if (!options.HeadOnly) return network.forward(input);
        Tensor features;
        using (no_grad()) features = network.forward_features(input);
        return network.Head.forward(features);
    }

    private static void FreezeNormalization(FeatureNet network)
    {
        foreach (var module in network.modules())
            if (module is TorchSharp.Modules.BatchNorm2d norm) norm.eval();
    }

    /// <summary>Backbone features in eval mode, [N, F].</summary>
    private static Tensor Features(FeatureNet network, IInputNormalizer normalizer, Tensor images, int batchSize)
    {
        network.eval();
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long count = Math.Min(batchSize, images.shape[0] - start);
            parts.Add(network.forward_features(normalizer.Normalize(images.narrow(0, start, count))).MoveToOuterDisposeScope());
        }
        var all = cat(parts);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    private static void Validate(IReadOnlyList<LabeledImage> data, TrainingOptions options, int classes)
    {
        if (data.Count == 0) throw new ArgumentException("No training images.", nameof(data));
        if (options.Epochs < 1) throw new ArgumentException("Epochs must be at least 1.", nameof(options));
        if (options.BatchSize < 1) throw new ArgumentException("BatchSize must be at least 1.", nameof(options));
        var bad = data.FirstOrDefault(d => d.Label < 0 || d.Label >= classes);
        if (bad is not null) throw new ArgumentException($"Label {bad.Label} of '{bad.ImagePath}' is outside 0..{classes - 1}.", nameof(data));
        var negative = data.FirstOrDefault(d => d.Weight < 0 || !float.IsFinite(d.Weight));
        if (negative is not null) throw new ArgumentException($"Weight {negative.Weight} of '{negative.ImagePath}' is negative or not finite.", nameof(data));
    }
}
