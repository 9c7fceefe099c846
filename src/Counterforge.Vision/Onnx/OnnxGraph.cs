using Google.Protobuf;
using Onnx;

namespace Counterforge.Vision.Onnx;

/// <summary>An ONNX graph with lookups by tensor name: producers, initializers, attributes. Errors name the file.</summary>
internal sealed class OnnxGraph
{
    private readonly Dictionary<string, NodeProto> producers = new();
    private readonly Dictionary<string, TensorProto> initializers;

    private OnnxGraph(string path, ModelProto model)
    {
        Path = path;
        Graph = model.Graph ?? throw Invalid(path, "it has no graph");
        initializers = Graph.Initializer.ToDictionary(t => t.Name);
        foreach (var node in Graph.Node)
            foreach (var output in node.Output)
                producers[output] = node;
    }

    public string Path { get; }

    public GraphProto Graph { get; }

    public static OnnxGraph Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"ONNX model file not found: '{path}'.", path);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Invalid(path, $"it is not a valid ONNX protobuf ({e.Message})", e);
        }
        if (model.Graph is null || model.Graph.Node.Count == 0)
            throw Invalid(path, "it has no graph nodes");
        return new OnnxGraph(path, model);
    }

    public static InvalidDataException Invalid(string path, string why, Exception? inner = null) =>
        new($"ONNX model '{path}' is not the expected model: {why}.", inner);

    public InvalidDataException Invalid(string why) => Invalid(Path, why);

    public void RequireInput(string name)
    {
        if (!Graph.Input.Any(i => i.Name == name))
            throw Invalid($"expected input '{name}', found [{string.Join(", ", Graph.Input.Select(i => i.Name).Where(n => !initializers.ContainsKey(n)))}]");
    }

    public void RequireOutput(string name)
    {
        if (!Graph.Output.Any(o => o.Name == name))
            throw Invalid($"expected output '{name}', found [{string.Join(", ", Graph.Output.Select(o => o.Name))}]");
    }

    public NodeProto? Producer(string tensor) => producers.GetValueOrDefault(tensor);

    public IEnumerable<NodeProto> Consumers(string tensor) => Graph.Node.Where(n => n.Input.Contains(tensor));

    public TensorProto Initializer(string name) =>
        initializers.GetValueOrDefault(name) ?? throw Invalid($"initializer '{name}' is missing");

    /// <summary>The initializer's values as floats, with its shape.</summary>
    public (float[] Values, long[] Shape) Floats(string name)
    {
        var t = Initializer(name);
        if (t.DataType != (int)TensorProto.Types.DataType.Float)
            throw Invalid($"initializer '{name}' is not float32");
        var values = t.FloatData.Count > 0
            ? t.FloatData.ToArray()
            : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray();
        var shape = t.Dims.ToArray();
        if (values.LongLength != shape.Aggregate(1L, (a, b) => a * b))
            throw Invalid($"initializer '{name}' has {values.Length} values for shape [{string.Join(",", shape)}]");
        return (values, shape);
    }

    public static IReadOnlyList<long> Ints(NodeProto node, string attribute) =>
        node.Attribute.FirstOrDefault(a => a.Name == attribute)?.Ints.ToArray() ?? [];

    public static float Float(NodeProto node, string attribute, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == attribute) is { } a ? a.F : fallback;
}
