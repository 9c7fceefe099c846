using System.Text.Json;
using Counterforge.Core.Classification;
using SkiaSharp;

namespace Counterforge.Report.Tests.Fixtures;

/// <summary>
/// A classifier whose backbone reads two pixels (background corner, subject centre) of a 16×16 image: a linear probe on
/// these features learns the swatch world's background shortcut the way a network would, in milliseconds. Its weights are
/// its head, saved as JSON.
/// </summary>
internal sealed class PixelClassifier(IReadOnlyList<string> classes) : ITrainableClassifier
{
    public string Name => "pixels";
    public IReadOnlyList<string> Classes => classes;
    public int FeatureDimension => 6;
    public LinearHead Head { get; set; } = LinearHead.Zeros(classes.Count, 6);

    public float[][] ExtractFeatures(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancel = default) => imagePaths.Select(path =>
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path} is not an image");
        var (ground, subject) = (bitmap.GetPixel(0, 0), bitmap.GetPixel(SwatchWorld.Size / 2, SwatchWorld.Size / 2));
        return new[] { ground.Red / 255f, ground.Green / 255f, ground.Blue / 255f, subject.Red / 255f, subject.Green / 255f, subject.Blue / 255f };
    }).ToArray();

    public float[][] PredictProbabilities(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancel = default) => Head.Probabilities(ExtractFeatures(imagePaths));

    /// <summary>Only the head trains here: the probe baseline and last-layer reinforcement never call this.</summary>
    public void Train(IReadOnlyList<LabeledImage> data, TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default) =>
        throw new NotSupportedException("The pixel classifier has no backbone weights to train.");

    public void Save(string path) => Core.Runs.AtomicFile.WriteAllText(path, JsonSerializer.Serialize(Head));
    public void Load(string path) => Head = JsonSerializer.Deserialize<LinearHead>(File.ReadAllText(path))!;
    public ITrainableClassifier Clone() => new PixelClassifier(classes) { Head = Head };
    public ITrainableClassifier Interpolate(ITrainableClassifier towards, double alpha) => new PixelClassifier(classes) { Head = Head.Interpolate(towards.Head, alpha) };
    public void Dispose() { }
}
