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
/// Modules named in <see cref="TrainingOptions.FrozenModules"/>, and the network's early modules with
/// <see cref="TrainingOptions.FreezeEarlyModules"/>, get no gradient and no update (weight decay included).
/// With a consistency weight, each image's counterpart (the original a counterfactual was made from) runs through the
/// network in the same forward pass, and the pairs' symmetric KL divergence joins the loss.
/// Deterministic for a seed: torch.manual_seed(seed) and shuffles/augmentation from new Random(seed).
/// </summary>
internal static class Trainer
{
    /// <summary>Decoded training images are kept in memory up to this many bytes; a larger set streams from disk each epoch.</summary>
    public const long DefaultImageCacheBytes = 2L << 30;

    /// <param name="twin">Null: float32 throughout. Otherwise forward and backward run on this bfloat16 copy (current with
    /// <paramref name="network"/>), and its gradients update <paramref name="network"/>'s float32 weights.</param>
    /// <param name="imageCacheBytes">When the distinct images, decoded, fit in this many bytes they are decoded once;
    /// otherwise each epoch's batches are decoded as they are needed, in the same order, so the results are the same.</param>
    public static void Run(FeatureNet network, LowPrecisionTwin? twin, IInputNormalizer normalizer, Preprocessing preprocessing, int classes,
        IReadOnlyList<LabeledImage> data, TrainingOptions options, IProgress<TrainingProgress>? progress, long imageCacheBytes = DefaultImageCacheBytes,
        CancellationToken cancel = default)
    {
        Validate(data, options, classes);
        torch.manual_seed(options.Seed);
        var random = new Random(options.Seed);
        int n = data.Count, batchSize = Math.Max(1, options.BatchSize);

        // Each distinct image is decoded once; samples refer to it by index (duplicates are upsampling).
        var distinct = new Dictionary<string, long>(StringComparer.Ordinal);
        var imageIndex = data.Select(d => distinct.TryGetValue(d.ImagePath, out var i) ? i : distinct[d.ImagePath] = distinct.Count).ToArray();
        var distinctPaths = distinct.Keys.ToArray();
        var compute = twin?.Network ?? network;
        var pipeline = new ImageBatchPipeline(preprocessing.CropSize, batchSize, workers: 2, resizeTo: preprocessing.ResizeTo);
        using var cachedFeatures = options.HeadOnly && !options.Augment ? Features(compute, normalizer, pipeline, distinctPaths, cancel) : null;
        long decodedBytes = (long)distinctPaths.Length * 3 * preprocessing.CropSize * preprocessing.CropSize;
        using var images = cachedFeatures is null && decodedBytes <= imageCacheBytes ? DecodeAll(pipeline, distinctPaths, cancel) : null;
        using var labels = tensor(data.Select(d => (long)d.Label).ToArray());
        using var weights = tensor(data.Select(d => d.Weight).ToArray());
        using var imageIndices = tensor(imageIndex);
        using var counterparts = Counterparts.Of(data, options, pipeline, cancel);

        // Head-only training never touches the backbone: its features come from the compute network, its head is the master's.
        var frozen = FrozenParameterNames(network, options);
        var trainable = twin?.NamedParameters.Where(p => !frozen.Contains(p.Name)).ToList();
        using var sgd = options.HeadOnly
            ? new SgdStep(network.Head.parameters(), options.LearningRate, options.WeightDecay)
            : trainable is null
                ? new SgdStep(network.named_parameters().Where(p => !frozen.Contains(p.name)).Select(p => p.parameter), options.LearningRate, options.WeightDecay)
                : new SgdStep(trainable.Select(p => p.Master), options.LearningRate, options.WeightDecay, trainable.Select(p => p.Twin));
        // Frozen weights need no gradient, so autograd skips their part of the backward pass.
        var stopped = compute.named_parameters().Where(p => frozen.Contains(p.name) && p.parameter.requires_grad).Select(p => p.parameter).ToList();
        // A final batch of one image is skipped (batch norm cannot train on it); shuffling varies which image that is.
        int stepsPerEpoch = n <= batchSize ? 1 : n / batchSize + (n % batchSize > 1 ? 1 : 0);
        int totalSteps = stepsPerEpoch * options.Epochs;
        var order = Enumerable.Range(0, n).ToArray();
        try
        {
            foreach (var parameter in stopped) parameter.requires_grad = false;
            if (options.HeadOnly) compute.eval(); else compute.train();
            if (options.FreezeNormalization) FreezeNormalization(compute);
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                random.Shuffle(order);
                using var streamed = cachedFeatures is null && images is null
                    ? pipeline.Batches(order.Select(i => data[i].ImagePath).ToArray(), cancel).GetEnumerator()
                    : null;
                for (int step = 0; step < stepsPerEpoch; step++)
                {
                    cancel.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    sgd.LearningRate = CosineSchedule.At(options.LearningRate, epoch * stepsPerEpoch + step, totalSteps);

                    var sampleIds = order.AsSpan(step * batchSize, Math.Min(batchSize, n - step * batchSize)).ToArray().Select(i => (long)i).ToArray();
                    var samples = tensor(sampleIds);
                    var batchImages = imageIndices.index_select(0, samples);
                    using var streamedBatch = streamed is null ? null : Next(streamed);
                    if (twin is not null && !options.HeadOnly) twin.CopyParametersFromMaster();
                    var pairs = counterparts?.InBatch(sampleIds);
                    var raw = cachedFeatures is not null ? null : streamedBatch ?? images!.index_select(0, batchImages);
                    var logits = cachedFeatures is not null
                        ? network.Head.forward(cachedFeatures.index_select(0, batchImages))
                        : Logits(network, compute, normalizer, pairs is null ? raw! : cat([raw!, pairs.Images]), options, random);
                    float loss = pairs is null
                        ? sgd.Run(logits, labels.index_select(0, samples), weights.index_select(0, samples))
                        : sgd.Run(logits.narrow(0, 0, sampleIds.Length), labels.index_select(0, samples), weights.index_select(0, samples),
                            Counterparts.Consistency(logits, pairs, sampleIds.Length).mul(options.ConsistencyWeight));
                    progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, step + 1, stepsPerEpoch, loss));
                }
            }
        }
        finally
        {
            foreach (var parameter in stopped) parameter.requires_grad = true;
            network.eval();
            compute.eval();
            if (twin is not null && !options.HeadOnly && !options.FreezeNormalization) twin.CopyBuffersToMaster();
        }
    }

    private static Tensor Next(IEnumerator<Tensor> batches) =>
        batches.MoveNext() ? batches.Current : throw new InvalidOperationException("The input pipeline ended before the epoch's last step.");

    /// <summary>All images as one uint8 batch [N,3,S,S], decoded by the input pipeline's workers.</summary>
    private static Tensor DecodeAll(ImageBatchPipeline pipeline, IReadOnlyList<string> paths, CancellationToken cancel)
    {
        var parts = pipeline.Batches(paths, cancel).ToList();
        try
        {
            return cat(parts);
        }
        finally
        {
            foreach (var part in parts) part.Dispose();
        }
    }

    /// <summary>Float32 logits of a uint8 batch; the backbone runs on <paramref name="compute"/> (the master or its bfloat16 twin).</summary>
    private static Tensor Logits(FeatureNet network, FeatureNet compute, IInputNormalizer normalizer, Tensor raw, TrainingOptions options, Random random)
    {
        if (options.Augment) raw = Augmentation.CropAndFlip(raw, random);
        var input = LowPrecisionTwin.InputFor(compute, normalizer.Normalize(raw));
        if (!options.HeadOnly) return compute.forward(input).to_type(ScalarType.Float32);
        Tensor features;
        using (no_grad()) features = compute.forward_features(input).to_type(ScalarType.Float32);
        return network.Head.forward(features);
    }

    /// <summary>The state-dict names of the parameters in <see cref="TrainingOptions.FrozenModules"/> (each checked to be a
    /// top-level module with weights) and, with <see cref="TrainingOptions.FreezeEarlyModules"/>, in the network's early modules.</summary>
    private static HashSet<string> FrozenParameterNames(FeatureNet network, TrainingOptions options)
    {
        if (options.HeadOnly && (options.FreezeEarlyModules || options.FrozenModules is { Count: > 0 }))
            throw new ArgumentException("FrozenModules applies when every weight trains; head-only training already keeps the backbone as it is.", nameof(options));
        var modules = (options.FrozenModules ?? []).Union(options.FreezeEarlyModules ? network.EarlyModules : []).ToList();
        if (modules.Count == 0) return [];
        var names = network.named_parameters().Select(p => p.name).ToList();
        var withWeights = names.Select(n => n.Split('.')[0]).Distinct().ToList();
        var unknown = modules.FirstOrDefault(m => !withWeights.Contains(m));
        if (unknown is not null)
            throw new ArgumentException($"Cannot freeze '{unknown}': it is not a top-level module with weights of this network ({string.Join(", ", withWeights)}).", nameof(options));
        var frozen = names.Where(n => modules.Contains(n.Split('.')[0])).ToHashSet();
        if (frozen.Count == names.Count) throw new ArgumentException("FrozenModules names every module with weights: nothing would train.", nameof(options));
        return frozen;
    }

    private static void FreezeNormalization(FeatureNet network)
    {
        foreach (var module in network.modules())
            if (module is TorchSharp.Modules.BatchNorm2d norm) norm.eval();
    }

    /// <summary>Backbone features of the images in order, in eval mode, float32 [N, F].</summary>
    private static Tensor Features(FeatureNet network, IInputNormalizer normalizer, ImageBatchPipeline pipeline, IReadOnlyList<string> paths, CancellationToken cancel)
    {
        network.eval();
        using var _ = no_grad();
        var parts = new List<Tensor>();
        foreach (var batch in pipeline.Batches(paths, cancel))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            parts.Add(network.forward_features(LowPrecisionTwin.InputFor(network, normalizer.Normalize(batch))).to_type(ScalarType.Float32).MoveToOuterDisposeScope());
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
        if (options.ConsistencyWeight < 0 || !double.IsFinite(options.ConsistencyWeight))
            throw new ArgumentException($"ConsistencyWeight {options.ConsistencyWeight} is negative or not finite.", nameof(options));
        if (options.ConsistencyWeight > 0 && options.HeadOnly)
            throw new ArgumentException("ConsistencyWeight applies when every weight trains, not to head-only training.", nameof(options));
        var negative = data.FirstOrDefault(d => d.Weight < 0 || !float.IsFinite(d.Weight));
        if (negative is not null) throw new ArgumentException($"Weight {negative.Weight} of '{negative.ImagePath}' is negative or not finite.", nameof(data));
    }
}
