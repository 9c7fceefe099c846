using Counterforge.Core.Classification;
using Counterforge.Vision.Images;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Vision.Onnx;

/// <summary>
/// An ONNX image classifier run by ONNX Runtime (CPU), for stress tests only: it predicts but does not train. The graph
/// must take one float input [N|1, 3, H, W] (H, W fixed to the crop size or free) and give one float output [N|1, classes].
/// Everything is checked on load; errors name the file and the offending input or output.
/// </summary>
public sealed class OnnxClassifier : IClassifier, IDisposable
{
    private readonly InferenceSession session;
    private readonly string inputName;
    private readonly string outputName;
    private readonly bool fixedBatchOfOne;
    private readonly bool outputsProbabilities;

    /// <param name="outputsProbabilities">True when the graph already ends in softmax; otherwise its output is taken as logits.</param>
    /// <param name="inputName">Which input to feed; null: the graph's only input.</param>
    /// <param name="outputName">Which output holds the class scores; null: the graph's only output.</param>
    public OnnxClassifier(string path, IReadOnlyList<string> classes, Preprocessing preprocessing, bool outputsProbabilities = false,
        string? inputName = null, string? outputName = null)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count < 1) throw new ArgumentException("At least one class is needed.", nameof(classes));
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX classifier not found: '{path}'.", path);
        Preprocessing = preprocessing.Validated();
        Classes = classes.ToArray();
        Name = "onnx:" + Path.GetFileName(path);
        this.outputsProbabilities = outputsProbabilities;
        try
        {
            session = new InferenceSession(path, new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount });
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX classifier '{path}' cannot be loaded: {e.Message}", e);
        }
        try
        {
            (this.inputName, var input) = Pick(session.InputMetadata, inputName, "input", path);
            (this.outputName, var output) = Pick(session.OutputMetadata, outputName, "output", path);
            var inDims = input.Dimensions;
            if (input.ElementType != typeof(float) || inDims.Length != 4 || !Fits(inDims[1], 3)
                || !Fits(inDims[2], Preprocessing.CropSize) || !Fits(inDims[3], Preprocessing.CropSize))
                throw Invalid(path, $"input '{this.inputName}' is {Describe(input)}; expected float [N, 3, {Preprocessing.CropSize}, {Preprocessing.CropSize}]");
            var outDims = output.Dimensions;
            if (output.ElementType != typeof(float) || outDims.Length != 2 || !Fits(outDims[1], Classes.Count))
                throw Invalid(path, $"output '{this.outputName}' is {Describe(output)}; expected float [N, {Classes.Count}] for {Classes.Count} classes");
            if (inDims[0] > 1 || outDims[0] > 1)
                throw Invalid(path, $"batch dimension is fixed to {Math.Max(inDims[0], outDims[0])}; it must be 1 or free");
            fixedBatchOfOne = inDims[0] == 1;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public string Name { get; }

    public IReadOnlyList<string> Classes { get; }

    public Preprocessing Preprocessing { get; }

    /// <summary>Images per run when the graph's batch dimension is free.</summary>
    public int BatchSize { get; set; } = 32;

    public float[][] PredictProbabilities(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        int size = Preprocessing.CropSize, plane = size * size, perImage = 3 * plane;
        int batchSize = fixedBatchOfOne ? 1 : Math.Max(1, BatchSize);
        var rows = new float[imagePaths.Count][];
        var mean = Preprocessing.Mean.ToArray();
        var std = Preprocessing.Std.ToArray();
        for (int start = 0; start < imagePaths.Count; start += batchSize)
        {
            cancel.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, imagePaths.Count - start);
            var input = new float[count * perImage];
            Parallel.For(0, count, i =>
            {
                var bytes = new byte[perImage];
                ImageDecoder.DecodeChw(imagePaths[start + i], size, bytes, Preprocessing.ResizeTo);
                for (int c = 0; c < 3; c++)
                    for (int p = 0; p < plane; p++)
                        input[i * perImage + c * plane + p] = (bytes[c * plane + p] / 255f - mean[c]) / std[c];
            });
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, new DenseTensor<float>(input, [count, 3, size, size]))], [outputName]);
            var scores = results[0].AsTensor<float>();
            if (scores.Dimensions.Length != 2 || scores.Dimensions[0] != count || scores.Dimensions[1] != Classes.Count)
                throw new InvalidDataException($"ONNX classifier {Name}: output '{outputName}' has shape [{string.Join(", ", scores.Dimensions.ToArray())}] for {count} images; expected [{count}, {Classes.Count}].");
            for (int i = 0; i < count; i++)
            {
                var row = new float[Classes.Count];
                for (int c = 0; c < row.Length; c++) row[c] = scores[i, c];
                rows[start + i] = outputsProbabilities ? row : LinearHead.Softmax(row);
            }
            progress?.Report(start + count);
        }
        return rows;
    }

    public void Dispose() => session.Dispose();

    private static (string, NodeMetadata) Pick(IReadOnlyDictionary<string, NodeMetadata> nodes, string? wanted, string kind, string path)
    {
        if (wanted is not null)
            return nodes.TryGetValue(wanted, out var node)
                ? (wanted, node)
                : throw Invalid(path, $"no {kind} named '{wanted}' (it has {string.Join(", ", nodes.Keys)})");
        if (nodes.Count != 1) throw Invalid(path, $"it has {nodes.Count} {kind}s ({string.Join(", ", nodes.Keys)}); name the one to use");
        var only = nodes.First();
        return (only.Key, only.Value);
    }

    private static bool Fits(int dimension, int expected) => dimension <= 0 || dimension == expected;

    private static string Describe(NodeMetadata node) =>
        $"{node.ElementType.Name} [{string.Join(", ", node.Dimensions.Select(d => d <= 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";

    private static InvalidDataException Invalid(string path, string why) => new($"ONNX classifier '{path}' does not fit: {why}.");
}
