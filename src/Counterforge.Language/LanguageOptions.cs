using Counterforge.Core.Edits;
using Counterforge.Language.Captioning;
using Counterforge.Language.Chat;
using Counterforge.Language.Filtering;
using Counterforge.Language.Perturbation;

namespace Counterforge.Language;

/// <summary>Everything the language backends can be configured with; each backend reads only its own part.</summary>
public sealed record LanguageOptions
{
    /// <summary>The OpenAI-compatible endpoint for the <c>llm</c> perturber and the <c>chat</c> captioner.</summary>
    public ChatEndpointOptions? Chat { get; init; }

    public LlmPerturberOptions Llm { get; init; } = new();

    /// <summary>Word lists for the <c>lexicon</c> perturber.</summary>
    public Lexicon? Lexicon { get; init; }

    public int? LexiconMaxPerKind { get; init; }

    public int Seed { get; init; }

    public string CaptionTemplate { get; init; } = TemplateCaptioner.DefaultTemplate;

    /// <summary>Prefix model captions with "a photo of" (LANCE does).</summary>
    public bool PhotoPrefix { get; init; } = true;

    /// <summary>The optimum vision-encoder-decoder export for the <c>onnx</c> captioner.</summary>
    public string? CaptionerModel { get; init; }

    public OnnxCaptionerOptions Onnx { get; init; } = new();

    /// <summary>The CLIP towers for the <c>clip</c> filter.</summary>
    public string? ClipModel { get; init; }

    public ClipThresholds Clip { get; init; } = new();

    /// <summary>Receives every refused answer, edit and failed request with its reason (for the run log).</summary>
    public Action<LanguageRejection>? OnRejection { get; init; }

    internal ChatEndpointOptions RequireChat(string backend) =>
        Chat ?? throw new ArgumentException($"Backend '{backend}' needs a chat endpoint (base URL and model).");
}
