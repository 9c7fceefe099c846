using Counterforge.Core.Captions;
using Counterforge.Core.Classification;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Reinforcement;
using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Models;
using Counterforge.Language;
using Counterforge.Language.Captioning;
using Counterforge.Language.Chat;
using Counterforge.Language.Embeddings;
using Counterforge.Language.Filtering;
using Counterforge.Language.Perturbation;
using Counterforge.SceneModels;
using Counterforge.Scenes;
using Counterforge.Vision;
using Counterforge.Vision.Editing;
using Counterforge.Vision.Images;

namespace Counterforge.Backends;

/// <summary>
/// Every stage's backends by name, the built-in ones registered here: captioners, perturbers, image editors, filters,
/// classifier architectures, reinforcement methods and selections. A user registers their own under a new name and names
/// it in the options, exactly like a built-in one.
/// </summary>
public sealed class CounterforgeRegistries
{
    public BackendRegistry<BackendContext, ICaptioner> Captioners { get; } = new BackendRegistry<BackendContext, ICaptioner>("--captioner")
        .Register("manifest", _ => new ManifestCaptioner())
        .Register("template", _ => new TemplateCaptioner())
        .Register("chat", c => new ChatCaptioner(Endpoint(c, "chat"), onRejection: c.OnRejection))
        .Register("onnx", c => new OnnxCaptioner(c.Options.Captions.Model ?? throw new ArgumentException("--captioner onnx needs --captioner-model DIR, an optimum vision-encoder-decoder export."),
            new OnnxCaptionerOptions()));

    /// <summary>
    /// The lexicon perturber gets the scenes world's own word lists, or for photos the background bank's words and the named
    /// colours, with LANCE's add edits for captions that name no background or colour; the llm perturber asks the chat endpoint.
    /// </summary>
    public BackendRegistry<BackendContext, ICaptionPerturber> Perturbers { get; } = new BackendRegistry<BackendContext, ICaptionPerturber>("--perturber")
        .Register("lexicon", c => c.IsScenes
            ? new LexiconPerturber(SceneGrammar.Lexicon, c.Options.Edits.EditsPerKind, c.Options.Seed)
            : new LexiconPerturber(CompositeLexicon.Create(c.Bank?.Words ?? []), c.Options.Edits.EditsPerKind, c.Options.Seed, AddEdits.Lance))
        .Register("llm", c => new LlmCaptionPerturber(Endpoint(c, "llm"), new LlmPerturberOptions(),
            c.Options.Generation.Clip is { } clip ? new ClipModel(clip) : MiniLmEmbedder.Instance, c.OnRejection));

    public BackendRegistry<BackendContext, IImageEditor> Editors { get; } = DefaultEditors();

    public BackendRegistry<BackendContext, ICounterfactualFilter> Filters { get; } = new BackendRegistry<BackendContext, ICounterfactualFilter>("--filter")
        .Register("none", _ => new AcceptAllFilter())
        .Register("clip", c => new ClipFilter(new ClipModel(c.Options.Generation.Clip ?? throw new ArgumentException("--filter clip needs --clip DIR, CLIP's towers in optimum's layout."))))
        .Register("oracle", c => new OracleFilter(SceneAttributeOracle.Load(ModelSetOf(c, "--filter oracle"))));

    /// <summary>Trainable classifiers by architecture (<see cref="ModelOptions.Architecture"/>): ours and every TorchVision one TorchSharp builds.</summary>
    public BackendRegistry<ClassifierContext, ITrainableClassifier> Classifiers { get; } = DefaultClassifiers();

    public ReinforcementRegistries Reinforcement { get; } = new();

    private static ChatEndpoint Endpoint(BackendContext context, string backend) =>
        new(context.Chat ?? throw new ArgumentException($"The {backend} backend needs a chat endpoint: --chat-url URL and --chat-model NAME."), context.OnRejection);

    private static BackendRegistry<BackendContext, IImageEditor> DefaultEditors()
    {
        var editors = new BackendRegistry<BackendContext, IImageEditor>("--editor")
            .Register("scene", c => c.IsScenes ? new SceneEditor()
                : throw new ArgumentException($"--editor scene draws scenes-world captions only, and {c.Source.Path} is not a scenes dataset; use composite (with --masks and --backgrounds) or a diffusion editor (with --models)."))
            .Register("composite", c => new CompositeEditor(c.Dataset, c.Bank, new CompositeOptions(c.Options.Seed)));
        foreach (var name in DiffusionEditors.Names)
            editors.Register(name, c => DiffusionEditors.Create(name, ModelSetOf(c, $"--editor {name}"), DiffusionOptions(c)));
        return editors;
    }

    /// <summary>The diffusion model set: the one given, else on the scenes world the shipped miniature scenes model.</summary>
    private static string ModelSetOf(BackendContext c, string who) => c.Options.Generation.Models
        ?? (c.IsScenes ? ScenesModelSet.DefaultDirectory : throw new ArgumentException($"{who} needs --models DIR, a Stable Diffusion model set in optimum's ONNX layout."));

    private static DiffusionEditorOptions DiffusionOptions(BackendContext c) => new()
    {
        Seed = c.Options.Seed,
        Steps = c.Options.Generation.Steps,
        Guidance = c.Options.Generation.Guidance,
        Strength = c.Options.Generation.Strength,
        KeepSourceDetail = c.Options.Generation.KeepSourceDetail,
        ProtectSubject = c.Options.Generation.ProtectSubject,
        Resolution = c.Options.Generation.Resolution,
        Device = c.Options.Generation.Device switch
        {
            "cpu" => ExecutionDevice.Cpu,
            "cuda" => ExecutionDevice.Cuda,
            var other => throw new ArgumentException($"--device '{other}': expected cpu or cuda."),
        },
    };

    private static BackendRegistry<ClassifierContext, ITrainableClassifier> DefaultClassifiers()
    {
        var classifiers = new BackendRegistry<ClassifierContext, ITrainableClassifier>("--arch");
        foreach (var name in ClassifierRegistry.Names.Append(ClassifierRegistry.ResNet18PretrainedAlias))
            classifiers.Register(name, c => ClassifierRegistry.Create(new ClassifierOptions(name, c.Classes)
            {
                Seed = c.Run.Options.Seed,
                ImageSize = c.Recipe.ImageSize,
                Preprocessing = PreprocessingOf(c.Model, c.Recipe.ImageSize),
                Precision = ComputePrecisions.Parse(c.Model.Precision),
                WeightsPath = c.WithGivenWeights || c.Model.NewHead ? c.Model.Weights : null,
                LoadHead = c.WithGivenWeights,
            }));
        return classifiers;
    }

    public static Preprocessing PreprocessingOf(Options.ModelOptions model, int imageSize) => new Preprocessing(imageSize, model.Resize,
        model.Mean is { } mean ? Preprocessing.ParseTriple(mean, "--mean") : Preprocessing.ImageNetMean,
        model.Std is { } std ? Preprocessing.ParseTriple(std, "--std") : Preprocessing.ImageNetStd).Validated();
}
