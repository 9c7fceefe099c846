using Counterforge.Vision;

namespace Counterforge.Options;

/// <summary>
/// One classifier under test and how it is trained and repaired. The recipe depends on where the model comes from: a
/// pretrained backbone (or a user's trained weights) is fitted with a linear probe then a short fine-tune of every weight
/// (LP-FT), and repaired gently (batch-norm statistics kept, the stem frozen, a small rate); a network trained here from
/// scratch trains every weight and is repaired like it trained. Null values are that recipe's ("auto"), resolved by
/// <see cref="ModelRecipe"/>.
/// </summary>
public sealed record ModelOptions
{
    /// <summary>small-cnn, resnet18, mlnet-resnet18 (ML.NET's ImageNet ResNet-18, shipped offline; alias resnet18-pretrained), any TorchVision name TorchSharp builds, or a registered one.</summary>
    public string Architecture { get; init; } = ClassifierRegistry.ResNet18Pretrained;

    /// <summary>Trained weights for the architecture (safetensors, or a PyTorch state dict, checked so nothing in it can run): the baseline is these.</summary>
    public string? Weights { get; init; }

    /// <summary>An ONNX classifier (input [N,3,H,W] float, output [N,classes]); it is stress-tested, not reinforced.</summary>
    public string? Onnx { get; init; }

    /// <summary>Load only the backbone from <see cref="Weights"/> (an ImageNet state dict, say) and train a new head.</summary>
    public bool NewHead { get; init; }

    /// <summary>Side of the input in pixels; null: the scenes world's image size, else 224.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Resize the shorter side to this, then centre-crop (torchvision's eval transform); null stretches.</summary>
    public int? Resize { get; init; }

    /// <summary>Per-channel input mean and std as "r,g,b" on 0..1; null: ImageNet's.</summary>
    public string? Mean { get; init; }

    public string? Std { get; init; }

    /// <summary>fp32, bf16 or auto (bf16 on CPUs with native bfloat16); run.json records what auto resolved to.</summary>
    public string Precision { get; init; } = ComputePrecisions.Auto;

    public int BatchSize { get; init; } = 64;

    /// <summary>Fit the head on the frozen backbone first; null: yes for a pretrained architecture or a new head.</summary>
    public bool? LinearProbe { get; init; }

    /// <summary>Epochs of every weight when training from scratch.</summary>
    public int Epochs { get; init; } = 10;

    public double LearningRate { get; init; } = 0.05;

    /// <summary>After a linear probe, epochs of every weight (LP-FT, batch-norm statistics kept); null: 2.</summary>
    public int? ProbeFineTuneEpochs { get; init; }

    public double ProbeFineTuneLearningRate { get; init; } = 0.003;

    /// <summary>Epochs of the repairing fine-tune; null: 10, or 3 for a pretrained backbone fitted with a linear probe (the default for mlnet-resnet18 and --new-head).</summary>
    public int? FineTuneEpochs { get; init; }

    /// <summary>Its learning rate; null: 0.001 for a pretrained backbone fitted with a linear probe, 0.01 for a network trained on the task (here or given).</summary>
    public double? FineTuneLearningRate { get; init; }

    /// <summary>Top-level modules it leaves as they are (surgical fine-tuning); null: conv1 bn1 layer1 for a ResNet backbone fitted with a linear probe, none otherwise.</summary>
    public IReadOnlyList<string>? FineTuneFrozenModules { get; init; }

    /// <summary>Keep batch-norm statistics as they are during it; null: kept for a backbone fitted with a linear probe, adapting otherwise.</summary>
    public bool? FineTuneKeepsNormalization { get; init; }

    /// <summary>Names this model's files in the run folder.</summary>
    public string Tag => Onnx is null ? Architecture : "onnx";
}
