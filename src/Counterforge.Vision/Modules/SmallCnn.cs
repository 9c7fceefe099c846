using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Counterforge.Vision.Modules;

/// <summary>
/// A small, fast CNN: four stages of conv-BN-ReLU, each starting with a stride-2 conv (so a 64² input is 4² at the end),
/// stages 2–4 with one more 3×3 conv, then global average pooling and a linear head <c>fc</c>.
/// </summary>
public sealed class SmallCnn : FeatureNet
{
    public static readonly int[] Widths = [32, 64, 128, 256];

    private readonly Sequential features;
    private readonly Linear fc;

    public SmallCnn(int classes) : base("SmallCnn")
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int inChannels = 3;
        for (int s = 0; s < Widths.Length; s++)
        {
            layers.Add(($"{layers.Count}", Block(inChannels, Widths[s], stride: 2)));
            if (s > 0) layers.Add(($"{layers.Count}", Block(Widths[s], Widths[s], stride: 1)));
            inChannels = Widths[s];
        }
        features = nn.Sequential(layers);
        fc = nn.Linear(Widths[^1], classes);
        RegisterComponents();
        Convolutions.InitializeLikeTorchVision(this);
    }

    private static Sequential Block(int inChannels, int outChannels, int stride) => nn.Sequential(
        ("conv", nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false)),
        ("bn", nn.BatchNorm2d(outChannels)),
        ("relu", nn.ReLU(inplace: true)));

    public override int FeatureDimension => Widths[^1];

    public override Linear Head => fc;

    public override Tensor forward_features(Tensor input) =>
        nn.functional.adaptive_avg_pool2d(features.forward(input), 1).flatten(1);
}
