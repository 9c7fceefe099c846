using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Language.Onnx;

/// <summary>
/// One ONNX graph of a model folder, opened and checked against what the code will feed and read, so a wrong export
/// fails on load naming the file and the expectation. Symbolic dimensions (−1) match any size.
/// </summary>
internal sealed class OnnxGraph : IDisposable
{
    public static readonly TensorElementType[] Float = [TensorElementType.Float];
    public static readonly TensorElementType[] Ids = [TensorElementType.Int64, TensorElementType.Int32];

    private OnnxGraph(string path, InferenceSession session)
    {
        Path = path;
        Session = session;
    }

    public string Path { get; }
    public InferenceSession Session { get; }

    public static OnnxGraph Open(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: the model file is missing.");
        try
        {
            var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
            return new OnnxGraph(path, new InferenceSession(path, options));
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{path}: ONNX Runtime cannot load it ({e.Message})", e);
        }
    }

    public bool HasInput(string name) => Session.InputMetadata.ContainsKey(name);

    public IEnumerable<string> InputNames => Session.InputMetadata.Keys;
    public IEnumerable<string> OutputNames => Session.OutputMetadata.Keys;

    public NodeMetadata Input(string name, TensorElementType[] types, int rank) => Check(Session.InputMetadata, "input", name, types, rank);

    public NodeMetadata Output(string name, TensorElementType[] types, int rank) => Check(Session.OutputMetadata, "output", name, types, rank);

    /// <summary>Fails when the graph has inputs the caller does not know how to feed.</summary>
    public void OnlyInputs(Func<string, bool> known)
    {
        var unknown = InputNames.Where(n => !known(n)).ToList();
        if (unknown.Count > 0) throw Fail($"has inputs this loader cannot feed: {string.Join(", ", unknown.Select(n => $"'{n}'"))}");
    }

    public InvalidDataException Fail(string problem) => new($"{Path}: {problem}.");

    private NodeMetadata Check(IReadOnlyDictionary<string, NodeMetadata> nodes, string role, string name, TensorElementType[] types, int rank)
    {
        if (!nodes.TryGetValue(name, out var node))
            throw Fail($"expected an {role} named '{name}'; the graph's {role}s are {string.Join(", ", nodes.Keys.Select(k => $"'{k}'"))}");
        if (!node.IsTensor || !types.Contains(node.ElementDataType))
            throw Fail($"{role} '{name}' is {node.ElementDataType}, expected {string.Join(" or ", types)}");
        if (node.Dimensions.Length != rank)
            throw Fail($"{role} '{name}' has rank {node.Dimensions.Length} ([{string.Join(", ", node.Dimensions)}]), expected {rank}");
        return node;
    }

    public void Dispose() => Session.Dispose();
}
