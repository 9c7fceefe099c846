using TorchSharp;
using static TorchSharp.torch;

namespace Counterforge.Vision.Modules;

/// <summary>
/// Zero padding of a 2-D convolution or pooling input, possibly asymmetric (CNTK exports pad 3/3/2/2 and 1/1/0/0).
/// Symmetric padding is handed to the layer itself; asymmetric padding is applied with an explicit pad first.
/// With <see cref="SameKernel"/> set, the padding is CNTK's "same" padding, computed from each input's size
/// (output = ⌈input / stride⌉, the extra pixel at the start): the fixed pads of an export are that padding at the
/// export's input size only, and a network fed other sizes would otherwise misalign its residual branches.
/// </summary>
public readonly record struct Padding2d(int Top, int Left, int Bottom, int Right, int SameKernel = 0, int SameStride = 0)
{
    public bool IsSame => SameKernel > 0;

    /// <summary>CNTK's "same" padding for one side of length <paramref name="size"/>: (before, after).</summary>
    public static (int Before, int After) SameAt(long size, int kernel, int stride)
    {
        long output = (size + stride - 1) / stride;
        int total = (int)Math.Max((output - 1) * stride + kernel - size, 0);
        return ((total + 1) / 2, total / 2);
    }

    public static Padding2d SameFor(int kernel, int stride) => new(0, 0, 0, 0, kernel, stride);

    /// <summary>The pads this padding uses on an input of the given height and width.</summary>
    public Padding2d At(long height, long width)
    {
        if (!IsSame) return this;
        var (top, bottom) = SameAt(height, SameKernel, SameStride);
        var (left, right) = SameAt(width, SameKernel, SameStride);
        return new Padding2d(top, left, bottom, right);
    }

    public static Padding2d Same(int p) => new(p, p, p, p);

    /// <summary>From ONNX's <c>pads</c> attribute: [top, left, bottom, right].</summary>
    public static Padding2d FromOnnx(IReadOnlyList<long> pads) => pads.Count switch
    {
        0 => default,
        4 => new((int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3]),
        _ => throw new ArgumentException($"Expected 4 pads, got {pads.Count}."),
    };

    public bool IsSymmetric => !IsSame && Top == Left && Left == Bottom && Bottom == Right;

    /// <summary>The padding the layer itself does: all of it when symmetric, none otherwise.</summary>
    public int LayerPadding => IsSymmetric ? Top : 0;

    /// <summary>Pads the input explicitly when the padding is asymmetric or size-dependent; otherwise returns it unchanged (same handle).</summary>
    public Tensor Apply(Tensor input, double value = 0)
    {
        if (IsSymmetric) return input;
        var p = At(input.shape[2], input.shape[3]);
        return p.Top == 0 && p.Left == 0 && p.Bottom == 0 && p.Right == 0
            ? input
            : nn.functional.pad(input, new long[] { p.Left, p.Right, p.Top, p.Bottom }, PaddingModes.Constant, value);
    }

    public override string ToString() => IsSame ? $"same({SameKernel}/{SameStride})" : $"{Top}/{Left}/{Bottom}/{Right}";
}
