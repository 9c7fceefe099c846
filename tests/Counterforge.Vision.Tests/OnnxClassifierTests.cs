using Counterforge.Vision.Images;
using Counterforge.Vision.Onnx;
using Google.Protobuf;
using Onnx;
using SkiaSharp;

namespace Counterforge.Vision.Tests;

public sealed class OnnxClassifierTests : IDisposable
{
    private const int Size = 16;
    private static readonly float[] Weight = [1f, -1f, 0.5f, 0.25f, 2f, -0.5f]; // [classes 2 × channels 3]
    private readonly TestImages images = new();

    /// <summary>image [batch, 3, h, w] → GlobalAveragePool → Flatten → Gemm(W, transB) → scores [batch, classes].</summary>
    private string Model(string name, object batch, int channels = 3, int classes = 2)
    {
        var graph = new GraphProto { Name = name };
        graph.Input.Add(Value("image", batch, channels, Size, Size));
        graph.Output.Add(Value("scores", batch, classes));
        var w = new TensorProto { Name = "W", DataType = (int)TensorProto.Types.DataType.Float, Dims = { classes, channels } };
        w.FloatData.AddRange(Enumerable.Range(0, classes * channels).Select(i => Weight[i % Weight.Length]));
        graph.Initializer.Add(w);
        graph.Node.Add(new NodeProto { OpType = "GlobalAveragePool", Input = { "image" }, Output = { "pooled" } });
        graph.Node.Add(new NodeProto { OpType = "Flatten", Input = { "pooled" }, Output = { "flat" } });
        graph.Node.Add(new NodeProto
        {
            OpType = "Gemm", Input = { "flat", "W" }, Output = { "scores" },
            Attribute = { new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 } },
        });
        var model = new ModelProto { IrVersion = 8, Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = 13 } } };
        var path = Path.Combine(images.Folder, name + ".onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    private static ValueInfoProto Value(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string s ? new TensorShapeProto.Types.Dimension { DimParam = s } : new TensorShapeProto.Types.Dimension { DimValue = (int)d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    private string Solid(string name, SKColor color) => images.Write(name, Size, (canvas, _) => canvas.Clear(color));

    [Theory]
    [InlineData("N")]
    [InlineData(1)]
    public void Probabilities_are_the_softmax_of_the_graph_applied_to_normalised_pixels(object batch)
    {
        var pre = Preprocessing.Stretch(Size);
        using var classifier = new OnnxClassifier(Model("gap", batch), ["x", "y"], pre);
        var color = new SKColor(255, 0, 128);
        var paths = new[] { Solid("c1", color), Solid("c2", SKColors.Black), Solid("c3", color) };
        var p = classifier.PredictProbabilities(paths);
        var channels = new[] { 255f, 0f, 128f }.Select((v, c) => (v / 255f - pre.Mean[c]) / pre.Std[c]).ToArray();
        var logits = new[] { 0, 1 }.Select(k => Enumerable.Range(0, 3).Sum(c => Weight[k * 3 + c] * channels[c])).ToArray();
        var expected = Counterforge.Core.Classification.LinearHead.Softmax(logits);
        Assert.Equal(expected[0], p[0][0], 1e-4f);
        Assert.Equal(expected[1], p[2][1], 1e-4f);
        Assert.Equal(1f, p[1].Sum(), 1e-5f);
    }

    [Fact]
    public void A_graph_with_the_wrong_class_count_channels_or_image_size_is_refused_naming_the_file_and_node()
    {
        var wrongClasses = Model("three", "N", classes: 3);
        var error = Assert.Throws<InvalidDataException>(() => new OnnxClassifier(wrongClasses, ["x", "y"], Preprocessing.Stretch(Size)));
        Assert.Contains(wrongClasses, error.Message);
        Assert.Contains("output 'scores'", error.Message);
        Assert.Contains("for 2 classes", error.Message);

        var gray = Model("gray", "N", channels: 1);
        Assert.Contains("input 'image'", Assert.Throws<InvalidDataException>(() => new OnnxClassifier(gray, ["x", "y"], Preprocessing.Stretch(Size))).Message);
        Assert.Contains("[N, 3, 32, 32]", Assert.Throws<InvalidDataException>(() => new OnnxClassifier(Model("s", "N"), ["x", "y"], Preprocessing.Stretch(32))).Message);
        Assert.Contains("no output named 'logits'", Assert.Throws<InvalidDataException>(() => new OnnxClassifier(Model("n", "N"), ["x", "y"], Preprocessing.Stretch(Size), outputName: "logits")).Message);

        var garbage = Path.Combine(images.Folder, "garbage.onnx");
        File.WriteAllText(garbage, "not a model");
        Assert.Contains(garbage, Assert.Throws<InvalidDataException>(() => new OnnxClassifier(garbage, ["x"], Preprocessing.Stretch(Size))).Message);
    }

    public void Dispose() => images.Dispose();
}
