using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Counterforge.Vision.Training;

/// <summary>The trainer's optimisation step: per-sample weighted cross-entropy (mean over the batch), backward, SGD with momentum and weight decay.</summary>
internal sealed class SgdStep(IEnumerable<Parameter> parameters, double learningRate, double weightDecay) : IDisposable
{
    public const double Momentum = 0.9;

    private readonly optim.Optimizer optimizer = optim.SGD(parameters, learningRate, momentum: Momentum, weight_decay: weightDecay);

    public double LearningRate
    {
        set
        {
            foreach (var group in optimizer.ParamGroups) group.LearningRate = value;
        }
    }

    /// <summary>One step; returns the loss. Call inside a dispose scope.</summary>
    public float Run(Tensor logits, Tensor labels, Tensor weights)
    {
        var perSample = nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None);
        var loss = perSample.mul(weights).sum().div(labels.shape[0]);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    public void Dispose() => optimizer.Dispose();
}
