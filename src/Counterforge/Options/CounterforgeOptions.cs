using Counterforge.Core.Pipeline;

namespace Counterforge.Options;

/// <summary>
/// Every setting of a run, each default written here once: the recipe behind the README's headline numbers is what a
/// run gets when nothing is said (a pretrained model: linear probe then a short fine-tune of every weight; the repair:
/// targeted counterfactuals mined from the baseline's failures, three epochs with the stem frozen; K = 5 % of train).
/// run.json records these, with the values left to the data or the architecture ("auto", null here) resolved only when
/// used, so they follow a corrected option until results are made with them.
/// </summary>
public sealed record CounterforgeOptions
{
    /// <summary>Seeds the splits, the models, every selection and every generated image.</summary>
    public int Seed { get; init; } = 1;

    public DataOptions Data { get; init; } = new();

    /// <summary>The classifiers under test; they share the run's captions, edits and counterfactuals.</summary>
    public IReadOnlyList<ModelOptions> Models { get; init; } = [new()];

    public CaptionOptions Captions { get; init; } = new();

    public EditOptions Edits { get; init; } = new();

    /// <summary>The OpenAI-compatible endpoint of the chat captioner and the llm perturber; null when neither is used.</summary>
    public ChatOptions? Chat { get; init; }

    public GenerationOptions Generation { get; init; } = new();

    public StressOptions Stress { get; init; } = new();

    public ReinforcementOptions Reinforcement { get; init; } = new();

    /// <summary>A run on a folder of images (ImageFolder layout), a manifest, or a folder holding one, with every other setting at its default.</summary>
    public static CounterforgeOptions ForData(string path) => new() { Data = new DataOptions { Path = path } };
}

/// <param name="Path">An ImageFolder (ROOT/&lt;class&gt;/*.jpg, optionally under train/ val/ test/), a CSV or JSONL manifest, or a folder holding manifest.jsonl or manifest.csv.</param>
public sealed record DataOptions
{
    public string? Path { get; init; }

    /// <summary>Subject masks mirroring the image tree (PNG, white = subject); the composite editor needs them.</summary>
    public string? Masks { get; init; }

    /// <summary>A background bank BANK/&lt;word&gt;/*.jpg: the words background edits use, the images the composite editor pastes.</summary>
    public string? Backgrounds { get; init; }

    /// <summary>A file of class names, one per line, in the model's output order; null sorts the dataset's names.</summary>
    public string? Classes { get; init; }

    /// <summary>The attribute (a manifest column) that, with the class, defines the groups of worst-group accuracy; null: the scenes world's shortcut attribute, or none.</summary>
    public string? GroupBy { get; init; }

    /// <summary>
    /// For a dataset without an extra split: the share of train, class by class, held out as the pool of extra originals
    /// (the extra-originals control's K more ordinary images); the baseline trains without it. 0 keeps all of train.
    /// </summary>
    public double ExtraShare { get; init; } = 0.1;

    /// <summary>Render the embedded scenes world into the run folder and use it (instead of <see cref="Path"/>).</summary>
    public ScenesWorld? Scenes { get; init; }
}

/// <summary>The embedded scenes world: a procedural dataset whose train, val and test share a planted shortcut.</summary>
/// <param name="TrainCount">Train images; the other splits (val, test, balanced test, extra) are sized from it.</param>
/// <param name="ImageSize">Side of the rendered images in pixels.</param>
public sealed record ScenesWorld(int TrainCount = 400, int ImageSize = 128)
{
    /// <summary>The spurious correlation planted: each class co-occurs with "its" value of the attribute with probability P.</summary>
    public ShortcutInfo Shortcut { get; init; } = new("background", 0.95);
}

/// <param name="Captioner">manifest (the dataset's captions, else "a photo of a {class}"), template, chat, onnx, or a registered one.</param>
/// <param name="Model">The onnx captioner's model folder (optimum's vision-encoder-decoder export).</param>
public sealed record CaptionOptions(string Captioner = "manifest", string? Model = null);

/// <param name="Perturber">lexicon (typed word lists), llm (LANCE's edits from a chat endpoint), or a registered one.</param>
/// <param name="EditsPerKind">At most this many edits of each kind per caption.</param>
public sealed record EditOptions(string Perturber = "lexicon", int EditsPerKind = 1);

/// <param name="Url">The API root chat/completions is appended to (Ollama: http://localhost:11434/v1).</param>
/// <param name="KeyVariable">The environment variable holding the API key; the key itself is never recorded.</param>
public sealed record ChatOptions(string Url, string Model, string KeyVariable = "OPENAI_API_KEY");

/// <param name="Editor">scene, composite, sdedit, ddim-inversion, diffedit, instruct-pix2pix, virtual-inversion, or a registered one; null: scene for the scenes world, composite otherwise.</param>
/// <param name="Filter">none (for exact editors), clip (LANCE's checks), oracle (the scenes world's attribute oracle, for a diffusion editor on it), or a registered one.</param>
/// <param name="Models">A Stable Diffusion model set in optimum's ONNX layout, for the diffusion editors; null on the scenes world: the shipped miniature scenes model.</param>
/// <param name="Clip">CLIP's text and vision towers (optimum layout) for the clip filter.</param>
/// <param name="Steps">Diffusion steps, guidance and strength; null takes each editor's published default.</param>
/// <param name="Device">cpu, or cuda with ONNX Runtime's CUDA build.</param>
/// <param name="KeepSourceDetail">A diffusion editor returns the source plus the model's change (DiffEdit: the source's own pixels outside its mask), so what the model left alone keeps the source's pixels.</param>
/// <param name="Resolution">The size a diffusion editor works at (longer side, a multiple of 8); null: the model set's own.</param>
/// <param name="ProtectSubject">DiffEdit keeps the class subject (found from the caption's class word) out of its mask when an edit leaves the subject's words alone.</param>
public sealed record GenerationOptions(string? Editor = null, string Filter = "none", string? Models = null, string? Clip = null,
    int? Steps = null, double? Guidance = null, double? Strength = null, string Device = "cpu", bool KeepSourceDetail = false, bool ProtectSubject = false,
    int? Resolution = null);

/// <param name="Sources">At most this many validation and test images are captioned, edited and stress-tested each.</param>
/// <param name="MinimumEffect">How far (0..1) a kind's flip rate must exceed the null edit's to be a weakness.</param>
public sealed record StressOptions(int Sources = 200, double MinimumEffect = Core.Analysis.StressTest.DefaultMinimumEffect);

/// <summary>Stage 2: which repairs are tried, with how many images.</summary>
public sealed record ReinforcementOptions
{
    /// <summary>The K values: image counts ("40") or shares of the train split ("5%").</summary>
    public IReadOnlyList<string> Budgets { get; init; } = ["5%"];

    /// <summary>Targeted counterfactuals made per added image, of which the baseline's hardest K are kept, class by class (1: the first K drawn).</summary>
    public int TargetedCandidates { get; init; } = 5;

    /// <summary>The reinforcement methods to run, by name; null: every registered one (last-layer, full, dfr and any a user added).</summary>
    public IReadOnlyList<string>? Methods { get; init; }

    /// <summary>The selections to pair them with, by name; null: every registered one (extra-originals, random, targeted, balanced, ...).</summary>
    public IReadOnlyList<string>? Selections { get; init; }

    /// <summary>Reinforce even when the stress test flagged nothing on validation (all kinds are targeted then).</summary>
    public bool ReinforceAnyway { get; init; }

    /// <summary>The share of the training weight the K added images carry (the mixing ratio).</summary>
    public double AddedShare { get; init; } = 0.5;

    /// <summary>The validation accuracy on originals (0..1) a chosen blend may lose: where the shortcut predicts the label better
    /// than the subject, robustness costs originals and the user says how much; summary.json's pareto shows the trade-off.</summary>
    public double MaxOriginalDrop { get; init; } = Core.Reinforcement.BlendChoice.MaxOriginalDrop;

    /// <summary>How α is chosen among the blends within that drop: <c>best</c> (the highest validation acc_cf) or <c>strongest</c>
    /// (the largest α within one standard error of it; see <see cref="Core.Reinforcement.BlendChoice"/>).</summary>
    public string BlendRule { get; init; } = Core.Reinforcement.BlendChoice.Best;
}
