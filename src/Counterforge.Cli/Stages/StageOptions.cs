using System.CommandLine;
using Counterforge.Vision;

namespace Counterforge.Cli.Stages;

/// <summary>
/// The options of the stage verbs, grouped by the run.json section they fill. Every option is optional: an option not
/// given takes the value the run folder recorded, or the default named in its description.
/// </summary>
internal sealed class StageOptions
{
    public readonly Option<DirectoryInfo> Out = new("--out") { Description = "The run folder every stage reads and writes (resumable).", Required = true };
    public readonly Option<int?> Seed = new("--seed") { Description = "Seed for splits, models and every selection (default 1)." };

    public readonly Option<FileSystemInfo?> Data = new("--data") { Description = "Dataset: an ImageFolder (root/<class>/*.jpg, optional train/ val/ test/ sub-roots), a CSV or JSONL manifest (path, label, split, caption, mask, id, and any metadata columns), or a folder holding manifest.jsonl." };
    public readonly Option<DirectoryInfo?> Masks = new("--masks") { Description = "Subject masks mirroring the image tree (PNG, white = subject); the composite editor needs them." };
    public readonly Option<DirectoryInfo?> Backgrounds = new("--backgrounds") { Description = "Background bank BANK/<word>/*.jpg: the words background edits use, the images the composite editor pastes." };

    public readonly Option<string?> Arch = new("--arch") { Description = "Classifier architecture: small-cnn, resnet18, mlnet-resnet18 (default: ML.NET's ImageNet ResNet-18, shipped offline, BGR minus a mean image; alias resnet18-pretrained) or any TorchVision name TorchSharp builds (resnet34…152, resnext*, wide_resnet*, vgg*, alexnet, googlenet, inception_v3, mobilenet_v2, mobilenet_v3_large/small)." };
    public readonly Option<FileInfo?> Weights = new("--weights") { Description = "Trained weights for --arch (.safetensors, or a PyTorch state dict .pt/.pth, checked so nothing in it can run): the baseline, nothing is trained (see --new-head)." };
    public readonly Option<FileInfo?> Onnx = new("--onnx") { Description = "An ONNX classifier (input [N,3,H,W] float, output [N,classes] logits) to stress-test; it cannot be reinforced." };
    public readonly Option<int?> ImageSize = new("--image-size") { Description = "Side of the classifier's input in pixels (default: a scenes world's own size, else 224)." };
    public readonly Option<int?> Epochs = new("--epochs") { Description = "Baseline training epochs when every weight trains (default 10)." };
    public readonly Option<double?> LearningRate = new("--lr") { Description = "Baseline learning rate (default 0.05)." };
    public readonly Option<int?> BatchSize = new("--batch-size") { Description = "Training batch size (default 64)." };
    public readonly Option<bool?> LinearProbe = new("--linear-probe") { Description = "Fit the head on the frozen backbone first, then fine-tune every weight for --lp-ft-epochs (default: yes for mlnet-resnet18 and --new-head, no otherwise)." };
    public readonly Option<bool?> NewHead = new("--new-head") { Description = "Load only the backbone from --weights (e.g. torchvision ImageNet weights) and train a new head for the dataset's classes." };
    public readonly Option<int?> Resize = new("--resize") { Description = "Resize the shorter side to this many pixels, then centre-crop --image-size² (torchvision: --resize 256 --image-size 224); default: stretch." };
    public readonly Option<string?> Mean = new("--mean") { Description = "Per-channel input mean \"r,g,b\" on 0..1 (default ImageNet's 0.485,0.456,0.406)." };
    public readonly Option<string?> Std = new("--std") { Description = "Per-channel input std \"r,g,b\" (default ImageNet's 0.229,0.224,0.225)." };

    public readonly Option<string?> Captioner = new("--captioner") { Description = "Captioner: manifest (the dataset's captions, else \"a photo of a {class}\"; default), template, chat (a vision chat endpoint), onnx (a vision-encoder-decoder export, --captioner-model)." };
    public readonly Option<DirectoryInfo?> CaptionerModel = new("--captioner-model") { Description = "The onnx captioner's model folder (optimum's export: encoder_model.onnx, decoder_model.onnx, tokenizer files)." };
    public readonly Option<string?> Perturber = new("--perturber") { Description = "Caption perturber: lexicon (typed word lists; default) or llm (LANCE's edits from a chat endpoint)." };
    public readonly Option<string?> ChatUrl = new("--chat-url") { Description = "OpenAI-compatible base URL for --perturber llm and --captioner chat (Ollama: http://localhost:11434/v1)." };
    public readonly Option<string?> ChatModel = new("--chat-model") { Description = "Model name at --chat-url." };
    public readonly Option<string?> ChatKeyVariable = new("--chat-key-env") { Description = "Environment variable holding the API key (default OPENAI_API_KEY; local servers need none)." };
    public readonly Option<int?> EditsPerKind = new("--edits-per-kind") { Description = "At most this many edits per kind and caption (default 1)." };

    public readonly Option<string?> Editor = new("--editor") { Description = "Image editor: scene (the scenes world), composite (masks + background bank), or with --models: sdedit, ddim-inversion, diffedit, instruct-pix2pix, virtual-inversion (default: scene for a scenes dataset, else composite)." };
    public readonly Option<string?> Filter = new("--filter") { Description = "Counterfactual filter: none (default) or clip (LANCE's CLIP checks, --clip)." };
    public readonly Option<DirectoryInfo?> DiffusionModels = new("--models") { Description = "Stable Diffusion model set in optimum's ONNX layout, for the diffusion editors." };
    public readonly Option<DirectoryInfo?> Clip = new("--clip") { Description = "CLIP model folder (text_model.onnx, vision_model.onnx, tokenizer files) for --filter clip." };
    public readonly Option<int?> Steps = new("--steps") { Description = "Diffusion steps (default: the editor's)." };
    public readonly Option<double?> Guidance = new("--guidance") { Description = "Classifier-free guidance scale (default: the editor's)." };
    public readonly Option<double?> Strength = new("--strength") { Description = "How far into the noise an edit starts, 0..1 (default: the editor's)." };
    public readonly Option<bool?> KeepSourceDetail = new("--keep-source-detail") { Description = "With a diffusion editor: return the source plus the model's change (diffedit: the source's own pixels outside its mask), so what the model left alone keeps the source's pixels." };
    public readonly Option<bool?> ProtectSubject = new("--protect-subject") { Description = "With --editor diffedit: keep the class subject (found from the caption's class word) out of the mask when an edit leaves the subject's words alone." };
    public readonly Option<int?> Resolution = new("--resolution") { Description = "The size a diffusion editor works at (longer side, a multiple of 8; default: the model set's own)." };
    public readonly Option<string?> Device = new("--device") { Description = "cpu (default) or cuda (needs ONNX Runtime's CUDA build) for the diffusion editors." };

    public readonly Option<int?> StressSources = new("--stress-sources") { Description = "At most this many val and test sources are stress-tested (default 200)." };
    public readonly Option<double?> MinimumEffect = new("--min-effect") { Description = "How far (0..1) a kind's flip rate must exceed the null edit's to be a weakness (default 0.10)." };

    public readonly Option<string[]?> Budgets = new("--budgets") { Description = "K values: image counts or shares of train, e.g. 5% 10% 40 (default 5%); on a run folder, new budgets are added to those done.", AllowMultipleArgumentsPerToken = true };
    public readonly Option<int?> FineTuneEpochs = new("--finetune-epochs") { Description = "Epochs of the full fine-tune (default 10; 3 for a pretrained backbone fitted with a linear probe: mlnet-resnet18, --new-head)." };
    public readonly Option<double?> FineTuneLearningRate = new("--finetune-lr") { Description = "Learning rate of the full fine-tune (default 0.001 for a pretrained backbone fitted with a linear probe: mlnet-resnet18, --new-head; 0.01 for a model trained on the task, here or given by --weights; a fine-tune that diverges is retried at a tenth)." };
    public readonly Option<string[]?> Methods = new("--methods") { Description = "Reinforcement methods to run (default: last-layer full dfr; run only when named: tuned-head, consistency).", AllowMultipleArgumentsPerToken = true };
    public readonly Option<string[]?> Selections = new("--selections") { Description = "Selections of the K added images (default all: extra-originals random targeted balanced).", AllowMultipleArgumentsPerToken = true };
    public readonly Option<bool?> ReinforceAnyway = new("--reinforce-anyway") { Description = "Reinforce even when the stress test flags no weakness (default: nothing to repair, nothing reinforced)." };

    public readonly Option<int?> TargetedCandidates = new("--candidates")
    {
        Description = "Targeted selection: counterfactuals made per added image, of which the K the baseline gets most wrong are kept, class by class (default 5; 1: the first K drawn). Each candidate is one generated image.",
    };
    public readonly Option<double?> MaxOriginalDrop = new("--max-orig-drop")
    {
        Description = "Validation accuracy on originals (0..1) a chosen repair may lose (default 0.01, one point). Where the shortcut predicts the label better than the subject, robustness costs originals: say how much you accept; summary.json's pareto shows the trade-off.",
    };
    public readonly Option<string?> BlendRule = new("--blend")
    {
        Description = "How α is chosen among the blends within --max-orig-drop: best (the highest validation acc_cf; the default, except in the demo with a diffusion editor) or strongest (the largest α within one standard error of it, for validation counterfactuals too few or too noisy to rank blends a point apart).",
    };
    public readonly Option<string[]?> FineTuneFrozenModules = new("--finetune-freeze")
    {
        Description = "Top-level modules the full fine-tune leaves as they are (default: conv1 bn1 layer1 for a ResNet backbone fitted with a linear probe; none, every weight, otherwise; 'none' says none).",
        AllowMultipleArgumentsPerToken = true,
    };

    public readonly Option<string?> FineTuneBatchNorm = new Option<string?>("--finetune-bn")
    {
        Description = "Batch-norm statistics during the full fine-tune: keep or adapt (default: keep for a backbone fitted with a linear probe, adapt otherwise).",
    }.AcceptOnlyFromAmong("keep", "adapt");

    public readonly Option<FileInfo?> Classes = new("--classes") { Description = "One class name per line, in your model's output order (default: the dataset's names, sorted as torchvision does)." };

    public readonly Option<string?> GroupBy = new("--group-by") { Description = "A manifest column (an environment, a site, a colour) that, with the class, defines the groups of worst-group accuracy." };

    public readonly Option<string?> Shard = new("--shard")
    {
        Description = "I/N: do only shard I (from 0) of N — the images whose stable hash falls in it — beside the other shards, with the settings run.json records "
            + "(a Slurm array task: --shard $SLURM_ARRAY_TASK_ID/N). The same verb without --shard, or the next one, reads every shard's results as one.",
    };

    public IEnumerable<Option> Common => [Out, Seed];
    public readonly Option<double?> ExtraShare = new("--extra-share")
    {
        Description = "For a dataset without an extra split: the share of train (0..0.5, class by class) held out as extra originals, the control that adds K ordinary images instead of K counterfactuals; the baseline trains without them (default 0.1; 0 keeps all of train).",
    };

    public IEnumerable<Option> DataGroup => [Data, Masks, Backgrounds, Classes, GroupBy, ExtraShare];
    public readonly Option<string?> Precision = new Option<string?>("--precision") { Description = Commands.PrecisionOption.Description }.AcceptOnlyFromAmong([.. ComputePrecisions.Names]);

    public readonly Option<int?> ProbeFineTuneEpochs = new("--lp-ft-epochs") { Description = "With --linear-probe: after the probe, train every weight for this many epochs (LP-FT, batch-norm statistics kept; default 2; 0: the probe only)." };
    public readonly Option<double?> ProbeFineTuneLearningRate = new("--lp-ft-lr") { Description = "Learning rate of the --lp-ft-epochs (default 0.003)." };

    public IEnumerable<Option> ModelGroup => [Arch, Weights, Onnx, ImageSize, Epochs, LearningRate, BatchSize, LinearProbe, ProbeFineTuneEpochs, ProbeFineTuneLearningRate, NewHead, Resize, Mean, Std, Precision];
    public IEnumerable<Option> ChatGroup => [ChatUrl, ChatModel, ChatKeyVariable];
    public IEnumerable<Option> CaptionGroup => [Captioner, CaptionerModel, .. ChatGroup];
    public IEnumerable<Option> EditGroup => [Perturber, EditsPerKind, .. ChatGroup];
    public IEnumerable<Option> GenerationGroup => [Editor, Filter, DiffusionModels, Clip, Steps, Guidance, Strength, Device, KeepSourceDetail, ProtectSubject, Resolution];
    public IEnumerable<Option> StressGroup => [StressSources, MinimumEffect];
    public IEnumerable<Option> ReinforceGroup => [Budgets, FineTuneEpochs, FineTuneLearningRate, TargetedCandidates, FineTuneFrozenModules, FineTuneBatchNorm, Methods, Selections, ReinforceAnyway, MaxOriginalDrop, BlendRule];
}
