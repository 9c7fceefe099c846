using TorchSharp;
using static TorchSharp.torch;

namespace Counterforge.Vision.Modules;

/// <summary>
/// Zero padding of a 2-D convolution or pooling input, possibly asymmetric (CNTK exports pad 3/3/2/2 and 1/1/0/0).
/// Symmetric padding is handed to the layer itself; asymmetric padding is applied with an explicit pad first.
/// </summary>
public readonly record struct Padding2d(int Top, int Left, int Bottom, int Right)
{
    public static Padding2d Same(int p) => new(p, p, p, p);

    /// <summary>From ONNX's <c>pads</c> attribute: [top, left, bottom, right].</summary>
    public static Padding2d FromOnnx(IReadOnlyList<long> pads) => pads.Count switch
    {
        0 => default,
        4 => new((int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3]),
        _ => throw new ArgumentException($"Expected 4 pads, got {pads.Count}."),
    };

    public bool IsSymmetric => Top == Left && Left == Bottom && Bottom == Right;

    /// <summary>The padding the layer itself does: all of it when symmetric, none otherwise.</summary>
    public int LayerPadding => IsSymmetric ? Top : 0;

    /// <summary>Pads the input explicitly when the padding is asymmetric; otherwise returns it unchanged (same handle).</summary>
    public Tensor Apply(Tensor input, double value = 0) => IsSymmetric
        ? input
        : nn.functional.pad(input, new long[] { Left, Right, Top, Bottom }, PaddingModes.Constant, value);

    public override string ToString() => $"{Top}/{Left}/{Bottom}/{Right}";
}
