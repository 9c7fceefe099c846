using static TorchSharp.torch;

namespace Counterforge.Vision.Tests;

/// <summary>Every tensor of a classifier's state dict as float32 values, for comparing weights before and after.</summary>
internal static class WeightSnapshot
{
    public static Dictionary<string, float[]> Of(TorchClassifier classifier) =>
        classifier.Network.state_dict().ToDictionary(p => p.Key, p => p.Value.to_type(ScalarType.Float32).data<float>().ToArray());
}
