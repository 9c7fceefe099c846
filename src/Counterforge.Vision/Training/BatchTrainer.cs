using Counterforge.Vision.Images;
using Counterforge.Vision.Modules;
using static TorchSharp.torch;

namespace Counterforge.Vision.Training;

/// <summary>
/// Trains every weight of a classifier on ready uint8 batches with the trainer's own step (normalise, forward, weighted
/// cross-entropy, backward, SGD) at a fixed learning rate, no augmentation: for custom loops and for timing the step.
/// </summary>
public sealed class BatchTrainer : IDisposable
{
    private readonly FeatureNet network;
    private readonly IInputNormalizer normalizer;
    private readonly SgdStep step;

    internal BatchTrainer(FeatureNet network, IInputNormalizer normalizer, double learningRate, double weightDecay)
    {
        this.network = network;
        this.normalizer = normalizer;
        step = new SgdStep(network.parameters(), learningRate, weightDecay);
    }

    /// <summary>One SGD step on <paramref name="rgbBytes"/> [N,3,H,W] uint8 with int64 <paramref name="labels"/> [N]; returns the loss.</summary>
    public float Step(Tensor rgbBytes, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return step.Run(TrainModeLogits(rgbBytes), labels, ones(labels.shape[0]));
    }

    /// <summary>The forward half of <see cref="Step"/> (train mode, autograd recording, loss), with no backward: the
    /// phases of a step are timed by subtracting one from another.</summary>
    public float Forward(Tensor rgbBytes, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return nn.functional.cross_entropy(TrainModeLogits(rgbBytes), labels).item<float>();
    }

    /// <summary><see cref="Step"/> without the SGD update: forward, loss and backward.</summary>
    public float ForwardBackward(Tensor rgbBytes, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return step.Backward(TrainModeLogits(rgbBytes), labels, ones(labels.shape[0]));
    }

    private Tensor TrainModeLogits(Tensor rgbBytes)
    {
        network.train();
        return network.forward(normalizer.Normalize(rgbBytes));
    }

    public void Dispose()
    {
        step.Dispose();
        network.eval();
    }
}
