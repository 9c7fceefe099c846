using Counterforge.Vision.Images;
using static TorchSharp.torch;

namespace Counterforge.Vision.Onnx;

/// <summary>Reads ResNetPreprocess.onnx (Split RGB → Concat in another order → Sub MeanImage) into a <see cref="MeanImageNormalizer"/>'s parts.</summary>
public sealed record MeanImagePreprocessing(long[] ChannelOrder, float[] MeanImage, long[] MeanShape)
{
    public const string ExpectedInput = "OriginalInput";
    public const string ExpectedOutput = "PreprocessedInput";

    public static MeanImagePreprocessing Import(string onnxPath)
    {
        var graph = OnnxGraph.Load(onnxPath);
        graph.RequireInput(ExpectedInput);
        graph.RequireOutput(ExpectedOutput);
        var split = graph.Consumers(ExpectedInput).SingleOrDefault(n => n.OpType == "Split")
            ?? throw graph.Invalid($"no Split consumes '{ExpectedInput}'");
        if (split.Output.Count != 3) throw graph.Invalid("the Split does not give three channels");
        var concat = graph.Graph.Node.SingleOrDefault(n => n.OpType == "Concat")
            ?? throw graph.Invalid("no Concat reorders the channels");
        var order = concat.Input.Select(i => (long)split.Output.IndexOf(i)).ToArray();
        if (order.Length != 3 || order.Any(o => o < 0) || order.Distinct().Count() != 3)
            throw graph.Invalid("the Concat does not reorder the three split channels");
        var sub = graph.Graph.Node.SingleOrDefault(n => n.OpType == "Sub" && n.Input.Count == 2 && n.Input[0] == concat.Output[0] && n.Output[0] == ExpectedOutput)
            ?? throw graph.Invalid($"no Sub of a mean image produces '{ExpectedOutput}'");
        var (mean, shape) = graph.Floats(sub.Input[1]);
        if (shape is not [1, 3, > 0, > 0])
            throw graph.Invalid($"the mean image '{sub.Input[1]}' is [{string.Join(",", shape)}], not [1,3,H,W]");
        return new MeanImagePreprocessing(order, mean, shape);
    }

    public MeanImageNormalizer CreateNormalizer()
    {
        using var mean = tensor(MeanImage, MeanShape);
        return new MeanImageNormalizer(ChannelOrder, mean);
    }
}
