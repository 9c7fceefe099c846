namespace Counterforge.Core.Classification;

/// <summary>
/// Maps images to class probabilities (softmax), one row per image, columns in <see cref="Classes"/> order. The work is
/// compute on this machine (or its GPU): callers run it on a worker thread, and it stops between batches when cancelled.
/// </summary>
public interface IClassifier
{
    string Name { get; }

    IReadOnlyList<string> Classes { get; }

    float[][] PredictProbabilities(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancel = default);
}

/// <summary>
/// A classifier split into a backbone (features) and a linear head, the seam that last-layer reinforcement and DFR use:
/// probabilities = softmax(Head.Apply(ExtractFeatures(x))).
/// </summary>
public interface IFeatureClassifier : IClassifier
{
    int FeatureDimension { get; }

    float[][] ExtractFeatures(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancel = default);

    LinearHead Head { get; set; }
}

/// <summary>A classifier whose weights can be trained, saved and copied.</summary>
public interface ITrainableClassifier : IFeatureClassifier, IDisposable
{
    /// <summary>Trains every parameter (or only the head when <see cref="TrainingOptions.HeadOnly"/>) on labelled images.</summary>
    void Train(IReadOnlyList<LabeledImage> data, TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default);

    /// <summary>Writes the weights as safetensors, atomically.</summary>
    void Save(string path);

    void Load(string path);

    ITrainableClassifier Clone();

    /// <summary>A new classifier with weights (1 − α)·this + α·<paramref name="towards"/> (same architecture).</summary>
    ITrainableClassifier Interpolate(ITrainableClassifier towards, double alpha);
}

/// <param name="Counterpart">For a counterfactual, the image it was made from: with <see cref="TrainingOptions.ConsistencyWeight"/>
/// above 0 the network is also asked to predict the same for both (labels are not needed for that part).</param>
public sealed record LabeledImage(string ImagePath, int Label, float Weight = 1f, string? Counterpart = null);

/// <param name="FreezeNormalization">Keep batch-norm statistics as they are while training every weight: fine-tuning a
/// trained network on a few hundred small images would otherwise replace the statistics its head was fitted to.</param>
/// <param name="FrozenModules">Top-level modules of the network (state-dict prefixes such as <c>conv1</c>, <c>layer1</c>) whose
/// weights stay as they are: fine-tuning only the later layers of a pretrained network (surgical fine-tuning) keeps its
/// general early filters, and their backward pass is skipped. Null or empty: every weight trains.</param>
/// <param name="FreezeEarlyModules">Also freeze the network's own early modules (<see cref="IEarlyModules"/>: a ResNet's stem and
/// first stage; none for layouts without that split), read from the network rather than named by the caller.</param>
/// <param name="ConsistencyWeight">Weight of the counterfactual consistency term: for every image of a batch that has a
/// <see cref="LabeledImage.Counterpart"/>, the symmetric Kullback–Leibler divergence between the network's predictions for
/// the two, averaged over those pairs and added to the cross-entropy. 0: no term (and counterparts are not read).</param>
public sealed record TrainingOptions(
    int Epochs,
    int BatchSize = 64,
    double LearningRate = 0.01,
    double WeightDecay = 5e-4,
    int Seed = 1,
    bool HeadOnly = false,
    bool Augment = true,
    bool FreezeNormalization = false,
    IReadOnlyList<string>? FrozenModules = null,
    double ConsistencyWeight = 0,
    bool FreezeEarlyModules = false);

/// <summary>Reported after each step; <see cref="Epoch"/> and <see cref="Step"/> count from 1.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss);
