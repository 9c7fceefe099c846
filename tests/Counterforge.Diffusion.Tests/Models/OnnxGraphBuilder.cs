using Google.Protobuf;
using Onnx;

namespace Counterforge.Diffusion.Tests.Models;

/// <summary>Minimal helpers over OnnxSharp's protobuf classes for writing small opset-13 graphs.</summary>
internal sealed class OnnxGraphBuilder(string name)
{
    public const int F32 = (int)TensorProto.Types.DataType.Float;
    public const int F16 = (int)TensorProto.Types.DataType.Float16;
    public const int I32 = (int)TensorProto.Types.DataType.Int32;
    public const int I64 = (int)TensorProto.Types.DataType.Int64;

    private readonly GraphProto graph = new() { Name = name };
    private readonly Random random = new(1234);

    /// <param name="dims">Each an int (fixed) or a string (symbolic).</param>
    public OnnxGraphBuilder Input(string name, int type, params object[] dims) { graph.Input.Add(Value(name, type, dims)); return this; }

    public OnnxGraphBuilder Output(string name, int type, params object[] dims) { graph.Output.Add(Value(name, type, dims)); return this; }

    /// <summary>A float initializer with small random values (the stand-ins' "weights").</summary>
    public string Weights(string name, params long[] dims) => WeightsAround(name, null, dims);

    /// <summary>Small random values added to <paramref name="centre"/> (e.g. an identity, so a stand-in stays well-behaved).</summary>
    public string WeightsAround(string name, float[]? centre, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = F32 };
        tensor.Dims.AddRange(dims);
        long count = dims.Aggregate(1L, (a, b) => a * b);
        for (long i = 0; i < count; i++) tensor.FloatData.Add((float)(random.NextDouble() - 0.5) * 0.2f + (centre?[i] ?? 0f));
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A float initializer with given values (a stand-in's known "weights").</summary>
    public string Floats(string name, long[] dims, params float[] values)
    {
        if (dims.Aggregate(1L, (a, b) => a * b) != values.Length) throw new ArgumentException($"{name}: {values.Length} values for shape [{string.Join(", ", dims)}]");
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
        foreach (var (attributeName, value) in attributes) node.Attribute.Add(Attribute(attributeName, value));
        graph.Node.Add(node);
        return output;
    }

    /// <param name="externalData">A file name beside the graph to hold the float weights (as large exports do), or null to embed them.</param>
    public void Save(string path, string? externalData = null)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "counterforge-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (externalData is not null) MoveWeightsTo(Path.Combine(Path.GetDirectoryName(path)!, externalData), externalData);
        using var stream = File.Create(path);
        model.WriteTo(stream);
    }

    private void MoveWeightsTo(string dataPath, string location)
    {
        using var data = File.Create(dataPath);
        foreach (var tensor in graph.Initializer.Where(t => t.DataType == F32))
        {
            var bytes = new byte[tensor.FloatData.Count * sizeof(float)];
            Buffer.BlockCopy(tensor.FloatData.ToArray(), 0, bytes, 0, bytes.Length);
            long offset = data.Position;
            data.Write(bytes);
            tensor.FloatData.Clear();
            tensor.DataLocation = TensorProto.Types.DataLocation.External;
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
    }

    private static ValueInfoProto Value(string name, int type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                                               : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim) });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = type, Shape = shape } },
        };
    }

    private static AttributeProto Attribute(string name, object value) => value switch
    {
        int i => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = i },
        long[] ints => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { ints } },
        _ => throw new ArgumentException($"attribute {name}: {value.GetType()}"),
    };
}
