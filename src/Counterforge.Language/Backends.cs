using Counterforge.Core.Captions;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Language.Captioning;
using Counterforge.Language.Chat;
using Counterforge.Language.Embeddings;
using Counterforge.Language.Filtering;
using Counterforge.Language.Perturbation;

namespace Counterforge.Language;

/// <summary>
/// Creates caption perturbers by name: <c>lexicon</c> (typed word lists) or <c>llm</c> (LANCE's LLM edits, whose subject
/// guard compares words with CLIP's text tower when a CLIP model is given, else with MiniLM).
/// </summary>
public static class Perturbers
{
    public static readonly IReadOnlyList<string> Names = ["lexicon", "llm"];

    public static ICaptionPerturber Create(string name, LanguageOptions options) => name switch
    {
        "lexicon" => new LexiconPerturber(options.Lexicon ?? throw new ArgumentException("The lexicon perturber needs word lists."), options.LexiconMaxPerKind, options.Seed),
        "llm" => new LlmCaptionPerturber(new ChatEndpoint(options.RequireChat(name), options.OnRejection), options.Llm,
            options.ClipModel is { } clip ? new ClipModel(clip) : MiniLmEmbedder.Instance, options.OnRejection),
        _ => throw Unknown("perturber", name, Names),
    };

    internal static ArgumentException Unknown(string family, string name, IReadOnlyList<string> names) =>
        new($"Unknown {family} '{name}'; expected one of {string.Join(", ", names)}.");
}

/// <summary>Creates captioners by name: <c>manifest</c>, <c>template</c>, <c>chat</c> (vision endpoint) or <c>onnx</c> (vision-encoder-decoder export).</summary>
public static class Captioners
{
    public static readonly IReadOnlyList<string> Names = ["manifest", "template", "chat", "onnx"];

    public static ICaptioner Create(string name, LanguageOptions options) => name switch
    {
        "manifest" => new ManifestCaptioner(),
        "template" => new TemplateCaptioner(options.CaptionTemplate),
        "chat" => new ChatCaptioner(new ChatEndpoint(options.RequireChat(name), options.OnRejection), options.PhotoPrefix, options.OnRejection),
        "onnx" => new OnnxCaptioner(options.CaptionerModel ?? throw new ArgumentException("The onnx captioner needs a model folder."),
                                    options.Onnx with { PhotoPrefix = options.PhotoPrefix }),
        _ => throw Perturbers.Unknown("captioner", name, Names),
    };
}

/// <summary>Creates counterfactual filters by name: <c>none</c> (accept all; for exact editors) or <c>clip</c> (LANCE's CLIP checks).</summary>
public static class Filters
{
    public static readonly IReadOnlyList<string> Names = ["none", "clip"];

    public static ICounterfactualFilter Create(string name, LanguageOptions options) => name switch
    {
        "none" => new AcceptAllFilter(),
        "clip" => new ClipFilter(new ClipModel(options.ClipModel ?? throw new ArgumentException("The clip filter needs a CLIP model folder.")), options.Clip),
        _ => throw Perturbers.Unknown("filter", name, Names),
    };
}
