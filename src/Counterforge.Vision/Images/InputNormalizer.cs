using static TorchSharp.torch;

namespace Counterforge.Vision.Images;

/// <summary>Turns a uint8 RGB batch [N,3,H,W] (0..255) into the float input an architecture expects.</summary>
public interface IInputNormalizer : IDisposable
{
    Tensor Normalize(Tensor rgbBytes);
}

/// <summary>RGB scaled to 0..1, then per-channel (x − mean) / std: TorchVision's convention (ImageNet statistics by default).</summary>
public sealed class MeanStdNormalizer(IReadOnlyList<float> meanRgb, IReadOnlyList<float> stdRgb) : IInputNormalizer
{
    private readonly Tensor mean = tensor(meanRgb.ToArray()).view(1, 3, 1, 1).DetachFromDisposeScope();
    private readonly Tensor std = tensor(stdRgb.ToArray()).view(1, 3, 1, 1).DetachFromDisposeScope();

    public Tensor Normalize(Tensor rgbBytes) => rgbBytes.to_type(ScalarType.Float32).div_(255f).sub_(mean).div_(std);

    public void Dispose()
    {
        mean.Dispose();
        std.Dispose();
    }
}

/// <summary>
/// CNTK/Caffe convention of ResNetPreprocess.onnx: channels reordered (RGB→BGR), 0..255, minus a mean image.
/// At sizes other than the mean image's, the mean image is resized bilinearly (with antialiasing) to the input size.
/// </summary>
public sealed class MeanImageNormalizer : IInputNormalizer
{
    private readonly Tensor channelOrder;
    private readonly Tensor meanImage;
    private readonly Dictionary<(long, long), Tensor> resized = new();

    /// <param name="channelOrder">Which input (RGB) channel feeds each output channel; [2,1,0] for BGR.</param>
    /// <param name="meanImage">[1, 3, H, W] in output channel order.</param>
    public MeanImageNormalizer(IReadOnlyList<long> channelOrder, Tensor meanImage)
    {
        this.channelOrder = tensor(channelOrder.ToArray(), ScalarType.Int64).DetachFromDisposeScope();
        this.meanImage = meanImage.detach().clone().DetachFromDisposeScope();
    }

    public Tensor Normalize(Tensor rgbBytes) =>
        rgbBytes.index_select(1, channelOrder).to_type(ScalarType.Float32).sub_(MeanAt(rgbBytes.shape[2], rgbBytes.shape[3]));

    private Tensor MeanAt(long height, long width)
    {
        if (meanImage.shape[2] == height && meanImage.shape[3] == width) return meanImage;
        lock (resized)
        {
            if (!resized.TryGetValue((height, width), out var mean))
            {
                mean = nn.functional.interpolate(meanImage, new[] { height, width }, mode: InterpolationMode.Bilinear,
                    align_corners: false, antialias: true).DetachFromDisposeScope();
                resized[(height, width)] = mean;
            }
            return mean;
        }
    }

    public void Dispose()
    {
        channelOrder.Dispose();
        meanImage.Dispose();
        foreach (var t in resized.Values) t.Dispose();
    }
}
