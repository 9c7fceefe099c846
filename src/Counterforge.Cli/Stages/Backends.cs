using Counterforge.Core.Captions;
using Counterforge.Core.Classification;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Language;
using Counterforge.Scenes;
using Counterforge.Vision;
using Counterforge.Vision.Editing;

namespace Counterforge.Cli.Stages;

/// <summary>Every stage backend, created from the name run.json records for it.</summary>
internal static class Backends
{
    public static readonly string[] Captioners = ["manifest"];
    public static readonly string[] Perturbers = ["lexicon"];
    public static readonly string[] Editors = ["scene", "composite"];
    public static readonly string[] Filters = ["none"];

    public static bool IsScenes(DataSpec data) => File.Exists(Path.Combine(data.Path, SceneDatasetMaker.InfoFile));

    public static string DefaultEditor(DataSpec data) => IsScenes(data) ? "scene" : "composite";

    public static ICaptioner Captioner(CaptionSpec spec) => spec.Captioner switch
    {
        "manifest" => new ManifestCaptioner(),
        var other => throw Unknown("--captioner", other, Captioners),
    };

    /// <summary>
    /// The lexicon perturber: the scenes world's own word lists, or for photos the background bank's words and the named
    /// colours, with LANCE's add edits for captions that name no background or colour.
    /// </summary>
    public static ICaptionPerturber Perturber(EditSpec spec, DataSpec data, int seed) => spec.Perturber switch
    {
        "lexicon" when IsScenes(data) => new LexiconPerturber(SceneGrammar.Lexicon, spec.EditsPerKind, seed),
        "lexicon" => new LexiconPerturber(CompositeLexicon.Create(Bank(data)?.Words ?? []), spec.EditsPerKind, seed, AddEdits.Lance),
        var other => throw Unknown("--perturber", other, Perturbers),
    };

    public static IImageEditor Editor(GenerationSpec spec, DataSpec data, Dataset dataset, int seed) => spec.Editor switch
    {
        "scene" when IsScenes(data) => new SceneEditor(),
        "scene" => throw new ArgumentException($"--editor scene draws scenes-world captions only, and {data.Path} is not a scenes dataset; use composite (with --masks and --backgrounds) or a diffusion editor."),
        "composite" => new CompositeEditor(dataset, Bank(data) ?? throw new ArgumentException("--editor composite needs --backgrounds BANK (BANK/<word>/*.jpg) for background edits."), new CompositeOptions(seed)),
        var other => throw Unknown("--editor", other, Editors),
    };

    private static BackgroundBank? Bank(DataSpec data) => data.Backgrounds is null ? null : BackgroundBank.Load(data.Backgrounds);

    public static ICounterfactualFilter Filter(GenerationSpec spec) => spec.Filter switch
    {
        "none" => new AcceptAllFilter(),
        var other => throw Unknown("--filter", other, Filters),
    };

    public static ITrainableClassifier Classifier(ModelSpec spec, IReadOnlyList<string> classes, int seed)
    {
        if (!ClassifierRegistry.Names.Contains(spec.Arch)) throw Unknown("--arch", spec.Arch, ClassifierRegistry.Names);
        return ClassifierRegistry.Create(spec.Arch, classes, seed, spec.ImageSize);
    }

    /// <summary>Loads the user's weights into a fresh classifier of the recorded architecture.</summary>
    public static ITrainableClassifier ClassifierWithWeights(ModelSpec spec, IReadOnlyList<string> classes, int seed)
    {
        var model = Classifier(spec, classes, seed);
        try
        {
            model.Load(spec.Weights!);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public static IClassifier OnnxClassifier(ModelSpec spec, IReadOnlyList<string> classes) =>
        throw new ArgumentException($"--onnx {spec.Onnx}: ONNX classifiers are not available in this build.");

    private static ArgumentException Unknown(string option, string name, IEnumerable<string> known) =>
        new($"{option} '{name}' is not known; choose one of: {string.Join(", ", known)}.");
}
