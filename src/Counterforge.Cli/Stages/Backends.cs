using Counterforge.Core.Captions;
using Counterforge.Core.Classification;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;
using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Models;
using Counterforge.Language;
using Counterforge.Language.Chat;
using Counterforge.Scenes;
using Counterforge.Vision;
using Counterforge.Vision.Editing;
using Counterforge.Vision.Images;

namespace Counterforge.Cli.Stages;

/// <summary>Every stage backend of a run, created from the names and settings its run.json records.</summary>
internal sealed class Backends(RunFolder run, RunSpec spec, StageProgress progress)
{
    public static readonly IReadOnlyList<string> Editors = ["scene", "composite", .. DiffusionEditors.Names];

    public static bool IsScenes(DataSpec data) => File.Exists(Path.Combine(data.Path, SceneDatasetMaker.InfoFile));

    public static string DefaultEditor(DataSpec data) => IsScenes(data) ? "scene" : "composite";

    private DataSpec Data => spec.Data!;

    public ICaptioner Captioner(CaptionSpec captions) => captions.Captioner switch
    {
        "manifest" => new ManifestCaptioner(),
        var name when Captioners.Names.Contains(name) => Captioners.Create(name, Language() with { CaptionerModel = captions.Model }),
        var other => throw Unknown("--captioner", other, Captioners.Names),
    };

    /// <summary>
    /// The lexicon perturber gets the scenes world's own word lists, or for photos the background bank's words and the named
    /// colours, with LANCE's add edits for captions that name no background or colour; the llm perturber asks the chat endpoint.
    /// </summary>
    public ICaptionPerturber Perturber(EditSpec edits) => edits.Perturber switch
    {
        "lexicon" when IsScenes(Data) => new LexiconPerturber(SceneGrammar.Lexicon, edits.EditsPerKind, spec.Seed),
        "lexicon" => new LexiconPerturber(CompositeLexicon.Create(Bank()?.Words ?? []), edits.EditsPerKind, spec.Seed, AddEdits.Lance),
        "llm" => Perturbers.Create("llm", Language() with { ClipModel = spec.Generation?.Clip }),
        var other => throw Unknown("--perturber", other, Perturbers.Names),
    };

    /// <summary>Everything the recorded editor and filter need, checked before any stage runs: the editor is made and released (a diffusion model set is loaded and its graphs checked).</summary>
    public void CheckGeneration(GenerationSpec generation)
    {
        if (generation.Editor == "composite")
        {
            if (Bank() is null) throw new ArgumentException("--editor composite needs --backgrounds BANK (BANK/<word>/*.jpg) for background edits.");
        }
        else
        {
            using var editor = Editor(generation, new Dataset(Data.Path, ["none"], [])) as IDisposable;
        }
        using var filter = Filter(generation) as IDisposable;
    }

    /// <summary>The dataset's own files, checked before they are recorded: each given path exists, the class list and the background bank read.</summary>
    public void CheckData()
    {
        if (!Directory.Exists(Data.Path) && !File.Exists(Data.Path))
            throw new DirectoryNotFoundException($"--data '{Data.Path}' does not exist: give an image folder (ROOT/<class>/<image>) or a manifest file (.csv, .jsonl).");
        if (Data.Masks is { } masks && !Directory.Exists(masks)) throw new DirectoryNotFoundException($"--masks '{masks}' does not exist.");
        if (Data.Classes is { } classes) ClassNames.Read(classes);
        Bank();
    }

    public IImageEditor Editor(GenerationSpec generation, Dataset dataset) => generation.Editor switch
    {
        "scene" when IsScenes(Data) => new SceneEditor(),
        "scene" => throw new ArgumentException($"--editor scene draws scenes-world captions only, and {Data.Path} is not a scenes dataset; use composite (with --masks and --backgrounds) or a diffusion editor (with --models)."),
        "composite" => new CompositeEditor(dataset, Bank() ?? throw new ArgumentException("--editor composite needs --backgrounds BANK (BANK/<word>/*.jpg) for background edits."), new CompositeOptions(spec.Seed)),
        var name when DiffusionEditors.Names.Contains(name) => DiffusionEditors.Create(name,
            generation.Models ?? throw new ArgumentException($"--editor {name} needs --models DIR, a Stable Diffusion model set in optimum's ONNX layout."),
            new DiffusionEditorOptions
            {
                Seed = spec.Seed,
                Steps = generation.Steps,
                Guidance = generation.Guidance,
                Strength = generation.Strength,
                Device = generation.Device switch
                {
                    "cpu" => ExecutionDevice.Cpu,
                    "cuda" => ExecutionDevice.Cuda,
                    var other => throw new ArgumentException($"--device '{other}': expected cpu or cuda."),
                },
            }),
        var other => throw Unknown("--editor", other, Editors),
    };

    public ICounterfactualFilter Filter(GenerationSpec generation) => generation.Filter switch
    {
        var name when Filters.Names.Contains(name) => Filters.Create(name, Language() with { ClipModel = generation.Clip }),
        var other => throw Unknown("--filter", other, Filters.Names),
    };

    /// <summary>A fresh classifier of the recorded architecture; with --new-head its backbone comes from --weights.</summary>
    public ITrainableClassifier Classifier(ModelSpec model, IReadOnlyList<string> classes) =>
        ClassifierRegistry.Create(Options(model, classes) with { WeightsPath = model.NewHead ? model.Weights : null, LoadHead = false });

    /// <summary>The user's trained model: architecture and head from --arch, every weight from --weights.</summary>
    public ITrainableClassifier ClassifierWithWeights(ModelSpec model, IReadOnlyList<string> classes) =>
        ClassifierRegistry.Create(Options(model, classes) with { WeightsPath = model.Weights, LoadHead = true });

    public static IClassifier OnnxClassifier(ModelSpec model, IReadOnlyList<string> classes) =>
        new Vision.Onnx.OnnxClassifier(model.Onnx!, classes, Preprocessing(model));

    private ClassifierOptions Options(ModelSpec model, IReadOnlyList<string> classes)
    {
        if (!ClassifierRegistry.Names.Contains(model.Arch)) throw Unknown("--arch", model.Arch, ClassifierRegistry.Names);
        return new ClassifierOptions(model.Arch, classes)
        {
            Seed = spec.Seed, ImageSize = model.ImageSize, Preprocessing = Preprocessing(model),
            Precision = ComputePrecisions.Parse(model.Precision ?? ComputePrecisions.Float32Name),
        };
    }

    private static Preprocessing Preprocessing(ModelSpec model) => new Preprocessing(model.ImageSize, model.Resize,
        model.Mean is { } mean ? Vision.Images.Preprocessing.ParseTriple(mean, "--mean") : Vision.Images.Preprocessing.ImageNetMean,
        model.Std is { } std ? Vision.Images.Preprocessing.ParseTriple(std, "--std") : Vision.Images.Preprocessing.ImageNetStd).Validated();

    /// <summary>Chat answers are cached in the run folder (a re-run sends no request); every refused answer or edit is logged with its reason.</summary>
    private LanguageOptions Language() => new()
    {
        Chat = spec.Chat is { } chat
            ? new ChatEndpointOptions { BaseUrl = new Uri(chat.Url), Model = chat.Model, ApiKeyVariable = chat.KeyVariable, CacheDirectory = Path.Combine(run.Root, "cache", "chat") }
            : null,
        Seed = spec.Seed,
        OnRejection = rejection =>
        {
            var line = rejection.ToString();
            lock (run) File.AppendAllText(Path.Combine(run.Root, "language-rejections.txt"), line + "\n");
            progress.Info(line);
        },
    };

    private BackgroundBank? _bank;

    /// <summary>Read once per run of the tool: the perturber and the editor share it, and its problems are reported once.</summary>
    private BackgroundBank? Bank()
    {
        if (Data.Backgrounds is null || _bank is not null) return _bank;
        _bank = BackgroundBank.Load(Data.Backgrounds);
        foreach (var problem in _bank.Problems) progress.Info($"background bank: skipped {problem}");
        return _bank;
    }

    private static ArgumentException Unknown(string option, string name, IEnumerable<string> known) =>
        new($"{option} '{name}' is not known; choose one of: {string.Join(", ", known)}.");
}
