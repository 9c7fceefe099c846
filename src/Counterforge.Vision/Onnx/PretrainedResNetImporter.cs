using Counterforge.Vision.Modules;
using Onnx;
using static TorchSharp.torch;

namespace Counterforge.Vision.Onnx;

/// <summary>
/// A basic-block ResNet read from an ONNX graph (the CNTK ImageNet ResNet-18 export): its layout, derived from the
/// nodes, and its weights keyed by TorchVision's state-dict names. The classifier layer is not part of it.
/// </summary>
public sealed class PretrainedResNet
{
    public const string ExpectedInput = "Input247";
    public const string ExpectedOutput = "Pooling395_Output_0";

    private readonly IReadOnlyDictionary<string, (float[] Values, long[] Shape)> weights;

    private PretrainedResNet(string path, ResNetSpec spec, IReadOnlyDictionary<string, (float[], long[])> weights)
    {
        SourcePath = path;
        Spec = spec;
        this.weights = weights;
    }

    public string SourcePath { get; }

    public ResNetSpec Spec { get; }

    public IReadOnlyCollection<string> Keys => (IReadOnlyCollection<string>)weights.Keys;

    /// <summary>Reads and validates the graph; errors name the file.</summary>
    public static PretrainedResNet Import(string onnxPath) => new Importer(OnnxGraph.Load(onnxPath)).Run();

    /// <summary>Copies the imported weights into a module built from <see cref="Spec"/>; the head is left alone.</summary>
    public void CopyInto(ResNet network)
    {
        using var _ = no_grad();
        var state = network.state_dict();
        foreach (var (key, (values, shape)) in weights)
        {
            if (!state.TryGetValue(key, out var target))
                throw new InvalidOperationException($"The module has no '{key}' (imported from '{SourcePath}').");
            if (!target.shape.SequenceEqual(shape))
                throw new InvalidOperationException($"'{key}' is [{string.Join(",", target.shape)}] in the module, [{string.Join(",", shape)}] in '{SourcePath}'.");
            using var source = tensor(values, shape);
            target.copy_(source);
        }
        var missed = state.Keys.Where(k => !weights.ContainsKey(k) && !k.StartsWith("fc.", StringComparison.Ordinal) && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        if (missed.Count > 0)
            throw new InvalidOperationException($"'{SourcePath}' gave no values for {string.Join(", ", missed)}.");
    }

    /// <summary>Walks the graph from the input: stem conv-BN-ReLU-MaxPool, then residual blocks (one Add each), then the average pool.</summary>
    private sealed class Importer(OnnxGraph graph)
    {
        private readonly Dictionary<string, (float[], long[])> weights = new();
        private readonly HashSet<NodeProto> used = new();
        private double? eps;

        public PretrainedResNet Run()
        {
            graph.RequireInput(ExpectedInput);
            graph.RequireOutput(ExpectedOutput);

            var stemConv = Single(graph.Consumers(ExpectedInput), "Conv", ExpectedInput);
            var (stem, stemOut) = ConvBn(stemConv, "conv1", "bn1");
            var relu = Single(graph.Consumers(stemOut), "Relu", stemOut);
            var pool = Single(graph.Consumers(relu.Output[0]), "MaxPool", relu.Output[0]);
            Use(relu, pool);
            var poolKernel = OnnxGraph.Ints(pool, "kernel_shape");
            var poolStride = OnnxGraph.Ints(pool, "strides");
            if (poolKernel.Count != 2 || poolKernel[0] != poolKernel[1] || poolStride.Count != 2 || poolStride[0] != poolStride[1])
                throw graph.Invalid($"max-pool '{pool.Name}' is not square");
            var poolPadding = Padding2d.FromOnnx(OnnxGraph.Ints(pool, "pads"));

            var stages = new List<List<BlockSpec>>();
            string current = pool.Output[0];
            while (graph.Consumers(current).Any(n => n.OpType == "Conv"))
            {
                bool newStage = stages.Count == 0 || graph.Consumers(current).Count(n => n.OpType == "Conv") > 1;
                if (newStage) stages.Add([]);
                var prefix = $"layer{stages.Count}.{stages[^1].Count}";
                var (block, output) = Block(current, prefix);
                stages[^1].Add(block);
                current = output;
            }

            var final = Single(graph.Consumers(current), "AveragePool", current);
            Use(final);
            if (final.Output[0] != ExpectedOutput)
                throw graph.Invalid($"the average pool '{final.Name}' does not produce '{ExpectedOutput}'");
            if (stages.Count is 0 or > 4)
                throw graph.Invalid($"found {stages.Count} stages of residual blocks, expected 1 to 4");

            int convs = graph.Graph.Node.Count(n => n.OpType == "Conv");
            int norms = graph.Graph.Node.Count(n => n.OpType == "BatchNormalization");
            int usedConvs = used.Count(n => n.OpType == "Conv");
            if (convs != usedConvs || norms != usedConvs)
                throw graph.Invalid($"the graph has {convs} Conv and {norms} BatchNormalization nodes, the ResNet walk used {usedConvs} of each");
            if (used.Count != graph.Graph.Node.Count)
                throw graph.Invalid($"{graph.Graph.Node.Count - used.Count} nodes are not part of the ResNet layout");

            var spec = new ResNetSpec(stem, (int)poolKernel[0], (int)poolStride[0], poolPadding,
                stages.Select(s => (IReadOnlyList<BlockSpec>)s).ToArray(), eps ?? 1e-5);
            CheckGlobalPool(spec, final);
            // Fed images of other sizes than the export's, the network must pad the way CNTK would have at that size.
            var inputSize = InputSize();
            var sized = inputSize is { } s ? spec.WithSamePaddingMatchingAt(s) : null;
            return new PretrainedResNet(graph.Path, sized ?? spec, weights);
        }

        /// <summary>A block starting at <paramref name="input"/>: conv1-BN-ReLU-conv2-BN, plus identity or conv-BN downsample, Add, ReLU.</summary>
        private (BlockSpec Block, string Output) Block(string input, string prefix)
        {
            NodeProto? mainConv = null, downsampleConv = null;
            foreach (var conv in graph.Consumers(input).Where(n => n.OpType == "Conv"))
            {
                var bnOut = BatchNormOf(conv).Output[0];
                var next = graph.Consumers(bnOut).ToList();
                if (next is [{ OpType: "Relu" }]) mainConv = mainConv is null ? conv : throw graph.Invalid($"two main branches leave '{input}'");
                else if (next is [{ OpType: "Add" }]) downsampleConv = downsampleConv is null ? conv : throw graph.Invalid($"two shortcut convolutions leave '{input}'");
                else throw graph.Invalid($"convolution '{conv.Name}' is followed by neither ReLU nor Add");
            }
            if (mainConv is null) throw graph.Invalid($"no residual block starts at '{input}'");

            var (conv1, out1) = ConvBn(mainConv, $"{prefix}.conv1", $"{prefix}.bn1");
            var relu1 = Single(graph.Consumers(out1), "Relu", out1);
            var (conv2, out2) = ConvBn(Single(graph.Consumers(relu1.Output[0]), "Conv", relu1.Output[0]), $"{prefix}.conv2", $"{prefix}.bn2");
            var add = Single(graph.Consumers(out2), "Add", out2);
            string shortcut = input;
            ConvSpec? downsample = null;
            if (downsampleConv is not null)
                (downsample, shortcut) = ConvBn(downsampleConv, $"{prefix}.downsample.0", $"{prefix}.downsample.1");
            if (add.Input.Count != 2 || !add.Input.Contains(out2) || !add.Input.Contains(shortcut))
                throw graph.Invalid($"'{add.Name}' does not add the block's two branches");
            var relu2 = Single(graph.Consumers(add.Output[0]), "Relu", add.Output[0]);
            Use(relu1, add, relu2);
            return (new BlockSpec(conv1, conv2, downsample), relu2.Output[0]);
        }

        private (ConvSpec Spec, string Output) ConvBn(NodeProto conv, string convKey, string bnKey)
        {
            if (conv.Input.Count != 2)
                throw graph.Invalid($"convolution '{conv.Name}' has a bias or no weight (expected bias-free conv before BN)");
            var (w, shape) = graph.Floats(conv.Input[1]);
            var kernel = OnnxGraph.Ints(conv, "kernel_shape");
            var strides = OnnxGraph.Ints(conv, "strides");
            var dilations = OnnxGraph.Ints(conv, "dilations");
            var group = conv.Attribute.FirstOrDefault(a => a.Name == "group")?.I ?? 1;
            if (shape.Length != 4 || shape[2] != shape[3] || group != 1 || dilations.Any(d => d != 1)
                || (strides.Count == 2 && strides[0] != strides[1]) || (kernel.Count == 2 && kernel[0] != shape[2]))
                throw graph.Invalid($"convolution '{conv.Name}' is not a plain square convolution");
            var spec = new ConvSpec((int)shape[1], (int)shape[0], (int)shape[2], strides.Count == 2 ? (int)strides[0] : 1,
                Padding2d.FromOnnx(OnnxGraph.Ints(conv, "pads")));
            weights[$"{convKey}.weight"] = (w, shape);

            var bn = BatchNormOf(conv);
            if (bn.Input.Count != 5) throw graph.Invalid($"batch norm '{bn.Name}' does not have scale, B, mean and var");
            string[] names = ["weight", "bias", "running_mean", "running_var"];
            for (int i = 0; i < 4; i++)
            {
                var p = graph.Floats(bn.Input[i + 1]);
                if (p.Shape.Length != 1 || p.Shape[0] != spec.OutChannels)
                    throw graph.Invalid($"batch norm '{bn.Name}' input {i + 1} is not [{spec.OutChannels}]");
                weights[$"{bnKey}.{names[i]}"] = p;
            }
            double e = OnnxGraph.Float(bn, "epsilon", 1e-5f);
            if (eps is { } known && Math.Abs(known - e) > 1e-12)
                throw graph.Invalid($"batch norms use different epsilons ({known} and {e})");
            eps = e;
            Use(conv, bn);
            return (spec, bn.Output[0]);
        }

        private NodeProto BatchNormOf(NodeProto conv) => Single(graph.Consumers(conv.Output[0]), "BatchNormalization", conv.Output[0]);

        private NodeProto Single(IEnumerable<NodeProto> nodes, string opType, string tensor)
        {
            var list = nodes.ToList();
            return list is [var node] && node.OpType == opType
                ? node
                : throw graph.Invalid($"expected one {opType} consuming '{tensor}', found [{string.Join(", ", list.Select(n => $"{n.OpType} {n.Name}"))}]");
        }

        private void Use(params NodeProto[] nodes)
        {
            foreach (var n in nodes) used.Add(n);
        }

        private long? InputSize()
        {
            var dims = graph.Graph.Input.First(i => i.Name == ExpectedInput).Type?.TensorType?.Shape?.Dim;
            return dims is { Count: 4 } && dims[2].DimValue > 0 && dims[2].DimValue == dims[3].DimValue ? dims[2].DimValue : null;
        }

        /// <summary>The final pool must cover the whole feature map at the graph's input size (adaptive pooling replaces it).</summary>
        private void CheckGlobalPool(ResNetSpec spec, NodeProto pool)
        {
            if (InputSize() is not { } size) return;
            static long Out(long s, int k, int stride, Padding2d p) => (s + p.Top + p.Bottom - k) / stride + 1;
            size = Out(size, spec.Stem.Kernel, spec.Stem.Stride, spec.Stem.Padding);
            size = Out(size, spec.PoolKernel, spec.PoolStride, spec.PoolPadding);
            foreach (var block in spec.Stages.SelectMany(s => s))
                size = Out(Out(size, block.Conv1.Kernel, block.Conv1.Stride, block.Conv1.Padding), block.Conv2.Kernel, block.Conv2.Stride, block.Conv2.Padding);
            var kernel = OnnxGraph.Ints(pool, "kernel_shape");
            if (kernel.Count != 2 || kernel[0] != size || kernel[1] != size)
                throw graph.Invalid($"the final average pool ({string.Join("x", kernel)}) is not global over the {size}x{size} feature map");
        }
    }
}
