using Google.Protobuf;
using Onnx;

namespace Counterforge.Language.Tests.Onnx;

/// <summary>Writes small opset-13 ONNX graphs with OnnxSharp's protobuf classes; initializers hold values the tests know.</summary>
internal sealed class TinyGraph(string name)
{
    public const int F32 = (int)TensorProto.Types.DataType.Float;
    public const int I64 = (int)TensorProto.Types.DataType.Int64;

    private readonly GraphProto graph = new() { Name = name };

    /// <param name="dims">Each an int (fixed) or a string (symbolic).</param>
    public TinyGraph Input(string name, int type, params object[] dims) { graph.Input.Add(Value(name, type, dims)); return this; }

    public TinyGraph Output(string name, int type, params object[] dims) { graph.Output.Add(Value(name, type, dims)); return this; }

    public string Floats(string name, float[] values, params long[] dims)
    {
        if (values.Length != dims.Aggregate(1L, (a, b) => a * b)) throw new ArgumentException($"{name}: {values.Length} values for shape [{string.Join(",", dims)}]");
        var tensor = new TensorProto { Name = name, DataType = F32 };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        graph.Initializer.Add(tensor);
        return name;
    }

    public string Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = I64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        graph.Initializer.Add(tensor);
        return name;
    }

    public string Node(string op, string[] inputs, string output, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output + "_" + op };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        foreach (var (attributeName, value) in attributes)
            node.Attribute.Add(value switch
            {
                int i => new AttributeProto { Name = attributeName, Type = AttributeProto.Types.AttributeType.Int, I = i },
                long[] ints => new AttributeProto { Name = attributeName, Type = AttributeProto.Types.AttributeType.Ints, Ints = { ints } },
                _ => throw new ArgumentException($"attribute {attributeName}: {value.GetType()}"),
            });
        graph.Node.Add(node);
        return output;
    }

    public void Save(string path)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "counterforge-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        model.WriteTo(stream);
    }

    private static ValueInfoProto Value(string name, int type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                                               : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim) });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = type, Shape = shape } } };
    }
}
