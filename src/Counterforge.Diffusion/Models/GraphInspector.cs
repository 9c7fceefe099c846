using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Diffusion.Models;

/// <summary>
/// Checks one graph's inputs and outputs against what the pipeline feeds and reads, from the session's metadata,
/// so a wrong export fails on load with the file and the expectation rather than mid-run inside ONNX Runtime.
/// Symbolic dimensions (reported as −1) match any fixed size.
/// </summary>
internal sealed class GraphInspector(string path, InferenceSession session)
{
    public static readonly TensorElementType[] FloatTypes = [TensorElementType.Float, TensorElementType.Float16];

    public NodeMetadata Input(string name, TensorElementType[] types, params int[] ranks) =>
        Check(session.InputMetadata, "input", name, types, ranks);

    public NodeMetadata Output(string name, TensorElementType[] types, params int[] ranks) =>
        Check(session.OutputMetadata, "output", name, types, ranks);

    /// <summary>The first of several alternative output names the graph has (exports name some outputs differently).</summary>
    public string OutputNamed(params string[] names) =>
        names.FirstOrDefault(session.OutputMetadata.ContainsKey)
        ?? throw Fail($"expected an output named {Either(names.Select(n => $"'{n}'"))}; the graph's outputs are {List(session.OutputMetadata.Keys)}");

    /// <summary>Dimension <paramref name="axis"/> must be <paramref name="size"/> unless it is symbolic.</summary>
    public void Dimension(string role, string name, NodeMetadata node, int axis, params int[] sizes)
    {
        int actual = node.Dimensions[axis];
        if (actual >= 0 && !sizes.Contains(actual))
            throw Fail($"{role} '{name}' has {actual} at axis {axis} (shape {Shape(node)}), expected {Either(sizes.Select(s => s.ToString()))}");
    }

    public ModelSetException Fail(string problem) => new(path, problem);

    private NodeMetadata Check(IReadOnlyDictionary<string, NodeMetadata> nodes, string role, string name, TensorElementType[] types, int[] ranks)
    {
        if (!nodes.TryGetValue(name, out var node))
            throw Fail($"expected an {role} named '{name}'; the graph's {role}s are {List(nodes.Keys)}");
        if (!node.IsTensor) throw Fail($"{role} '{name}' is not a tensor");
        if (!types.Contains(node.ElementDataType))
            throw Fail($"{role} '{name}' is {Type(node.ElementDataType)}, expected {Either(types.Select(Type))}");
        if (!ranks.Contains(node.Dimensions.Length))
            throw Fail($"{role} '{name}' has rank {node.Dimensions.Length} (shape {Shape(node)}), expected rank {Either(ranks.Select(r => r.ToString()))}");
        return node;
    }

    public static string Type(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Float16 => "float16",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int64 => "int64",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static string Shape(NodeMetadata node) => "[" + string.Join(", ", node.Dimensions.Select(d => d < 0 ? "?" : d.ToString())) + "]";

    private static string List(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static string Either(IEnumerable<string> options) => string.Join(" or ", options);
}
