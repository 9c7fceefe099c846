using Counterforge.Core.Runs;

namespace Counterforge.Cli.Stages;

/// <param name="Path">The dataset folder (a counterforge manifest dataset or an ImageFolder).</param>
/// <param name="Masks">A folder of subject masks mirroring the image tree (white = subject).</param>
/// <param name="Backgrounds">A background bank, BANK/&lt;word&gt;/*.jpg: the words background edits may use.</param>
/// <param name="Classes">A file with one class name per line, in the model's output order; null sorts the dataset's names.</param>
/// <param name="GroupBy">The manifest column that, with the class, defines the groups of worst-group accuracy.</param>
internal sealed record DataSpec(string Path, string? Masks, string? Backgrounds, string? Classes = null, string? GroupBy = null);

/// <param name="Weights">Trained weights (safetensors or a PyTorch state dict): the baseline is these, nothing is trained.</param>
/// <param name="Onnx">An ONNX classifier: stress-tested only.</param>
/// <param name="LinearProbe">Train only the head on the frozen backbone.</param>
/// <param name="NewHead">Load only the backbone from <paramref name="Weights"/> (an ImageNet state dict, say) and train a new head for the dataset's classes.</param>
/// <param name="Resize">Resize the shorter side to this, then centre-crop ImageSize² (torchvision's eval transform); null stretches to ImageSize².</param>
/// <param name="Mean">Per-channel mean and std as "r,g,b" (ImageNet's when null).</param>
/// <param name="ProbeFineTuneEpochs">With <paramref name="LinearProbe"/>: epochs of every weight after the probe (LP-FT; 0: probe only).</param>
/// <param name="ProbeFineTuneLearningRate">Learning rate of those epochs.</param>
/// <param name="Precision">fp32 or bf16 (what auto resolved to when the run began); absent in runs recorded before it existed: fp32.</param>
internal sealed record ModelSpec(string Arch, string? Weights, string? Onnx, int ImageSize, int Epochs, double LearningRate, int BatchSize, bool LinearProbe,
    bool NewHead = false, int? Resize = null, string? Mean = null, string? Std = null, string? Precision = null,
    int ProbeFineTuneEpochs = 0, double ProbeFineTuneLearningRate = ModelSpec.DefaultProbeFineTuneLearningRate)
{
    /// <summary>The demo's LP-FT rate: small enough to keep what the probe found, large enough to adapt the features.</summary>
    public const double DefaultProbeFineTuneLearningRate = 0.003;

    public string Tag => Onnx is null ? Arch : "onnx";
}

/// <param name="Model">The vision-encoder-decoder export (optimum layout) of the onnx captioner.</param>
internal sealed record CaptionSpec(string Captioner, string? Model);

internal sealed record EditSpec(string Perturber, int EditsPerKind);

/// <summary>The OpenAI-compatible endpoint of the chat captioner and the llm perturber; the key is read from the named environment variable, never stored.</summary>
internal sealed record ChatSpec(string Url, string Model, string KeyVariable);

/// <param name="Models">A diffusion model set (optimum's ONNX layout) for the diffusion editors.</param>
/// <param name="Clip">CLIP text and vision towers (optimum layout) for the clip filter.</param>
/// <param name="Steps">Diffusion steps, guidance and strength; null takes each editor's published default.</param>
internal sealed record GenerationSpec(string Editor, string Filter, string? Models, string? Clip, int? Steps, double? Guidance, double? Strength, string Device);

/// <param name="Sources">At most this many val and test sources are captioned, edited and stress-tested (fixed by the first verb that needs it).</param>
/// <param name="MinimumEffect">Set by the stress test; null until then (the default applies).</param>
internal sealed record StressSpec(int Sources, double? MinimumEffect);

/// <param name="Budgets">K values: image counts ("40") or shares of the train split ("5%").</param>
/// <param name="TargetedCandidates">Counterfactuals made per targeted image, the baseline's hardest kept (runs recorded before it: 1).</param>
/// <param name="FineTuneFrozenModules">Top-level modules the full fine-tune leaves as they are (none: every weight trains).</param>
/// <param name="MaxOriginalDrop">Validation accuracy on originals a chosen blend may lose (null: the default, one point).</param>
internal sealed record ReinforceSpec(IReadOnlyList<string> Budgets, int FineTuneEpochs, double? FineTuneLearningRate,
    int TargetedCandidates = 1, IReadOnlyList<string>? FineTuneFrozenModules = null, double? MaxOriginalDrop = null);

/// <summary>
/// run.json of a run made by the stage verbs: every setting behind its files. A verb fills in the sections it needs from
/// its options (or the defaults) and takes the others as recorded, so later verbs need only --out; an option that
/// contradicts what the folder's results were made with is refused.
/// </summary>
internal sealed record RunSpec(
    int Seed,
    DataSpec? Data = null,
    ModelSpec? Model = null,
    CaptionSpec? Captions = null,
    EditSpec? Edits = null,
    ChatSpec? Chat = null,
    GenerationSpec? Generation = null,
    StressSpec? Stress = null,
    ReinforceSpec? Reinforcement = null)
{
    public static RunSpec? Read(RunFolder run)
    {
        if (!File.Exists(run.RunJson)) return null;
        try
        {
            return Json.ReadFile<RunSpec>(run.RunJson);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{run.RunJson} is not the record of a stage-verb run (a demo's run folder, or damaged): {e.Message}", e);
        }
    }

    public void Write(RunFolder run) => Json.WriteFile(run.RunJson, this);
}
