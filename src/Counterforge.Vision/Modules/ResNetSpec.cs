namespace Counterforge.Vision.Modules;

/// <summary>A bias-free convolution followed by batch norm.</summary>
public sealed record ConvSpec(int InChannels, int OutChannels, int Kernel, int Stride, Padding2d Padding);

/// <summary>A basic residual block: conv1-bn1-relu-conv2-bn2 plus the identity or a 1×1 downsample, then relu.</summary>
public sealed record BlockSpec(ConvSpec Conv1, ConvSpec Conv2, ConvSpec? Downsample);

/// <summary>The layout of a basic-block ResNet: stem conv, max-pool, stages of blocks, global average pool.</summary>
public sealed record ResNetSpec(
    ConvSpec Stem,
    int PoolKernel,
    int PoolStride,
    Padding2d PoolPadding,
    IReadOnlyList<IReadOnlyList<BlockSpec>> Stages,
    double BatchNormEps = 1e-5)
{
    public int FeatureDimension => Stages[^1][^1].Conv2.OutChannels;

    public IReadOnlyList<int> BlocksPerStage => Stages.Select(s => s.Count).ToArray();

    /// <summary>TorchVision's layout (symmetric padding, widths 64·2^i); [2,2,2,2] is resnet18.</summary>
    public static ResNetSpec TorchVision(IReadOnlyList<int> blocksPerStage)
    {
        var stages = new List<IReadOnlyList<BlockSpec>>();
        int inChannels = 64;
        for (int s = 0; s < blocksPerStage.Count; s++)
        {
            int width = 64 << s, stride = s == 0 ? 1 : 2;
            var blocks = new List<BlockSpec>();
            for (int b = 0; b < blocksPerStage[s]; b++)
            {
                int st = b == 0 ? stride : 1;
                var downsample = st != 1 || inChannels != width
                    ? new ConvSpec(inChannels, width, 1, st, default)
                    : null;
                blocks.Add(new BlockSpec(
                    new ConvSpec(inChannels, width, 3, st, Padding2d.Same(1)),
                    new ConvSpec(width, width, 3, 1, Padding2d.Same(1)),
                    downsample));
                inChannels = width;
            }
            stages.Add(blocks);
        }
        return new ResNetSpec(new ConvSpec(3, 64, 7, 2, Padding2d.Same(3)), 3, 2, Padding2d.Same(1), stages);
    }

    /// <summary>
    /// The same network with every padding replaced by CNTK's size-dependent "same" padding, provided that padding is
    /// exactly this spec's fixed pads at <paramref name="inputSize"/> (so results there are unchanged); otherwise null.
    /// </summary>
    public ResNetSpec? WithSamePaddingMatchingAt(long inputSize)
    {
        long size = inputSize;
        bool matches = true;
        Padding2d Same(Padding2d fixedPads, int kernel, int stride)
        {
            var same = Padding2d.SameFor(kernel, stride);
            matches &= same.At(size, size) == fixedPads;
            return same;
        }
        static long Out(long s, int k, int stride, Padding2d p) => (s + p.Top + p.Bottom - k) / stride + 1;
        ConvSpec Conv(ConvSpec c)
        {
            var replaced = c with { Padding = Same(c.Padding, c.Kernel, c.Stride) };
            return replaced;
        }

        var stem = Conv(Stem);
        size = Out(size, Stem.Kernel, Stem.Stride, Stem.Padding);
        var pool = Same(PoolPadding, PoolKernel, PoolStride);
        size = Out(size, PoolKernel, PoolStride, PoolPadding);
        var stages = new List<IReadOnlyList<BlockSpec>>();
        foreach (var stage in Stages)
        {
            var blocks = new List<BlockSpec>();
            foreach (var block in stage)
            {
                var conv1 = Conv(block.Conv1);
                var downsample = block.Downsample is { } d ? Conv(d) : null;
                size = Out(size, block.Conv1.Kernel, block.Conv1.Stride, block.Conv1.Padding);
                var conv2 = Conv(block.Conv2);
                size = Out(size, block.Conv2.Kernel, block.Conv2.Stride, block.Conv2.Padding);
                blocks.Add(new BlockSpec(conv1, conv2, downsample));
            }
            stages.Add(blocks);
        }
        return matches ? this with { Stem = stem, PoolPadding = pool, Stages = stages } : null;
    }

    public override string ToString() =>
        $"ResNet(stem {Stem.Kernel}x{Stem.Kernel}/{Stem.Stride} pad {Stem.Padding}, pool pad {PoolPadding}, blocks [{string.Join(",", BlocksPerStage)}], features {FeatureDimension})";
}
