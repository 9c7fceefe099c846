namespace Counterforge.Language.Captioning;

/// <summary>How the ONNX captioner searches; null values take the export's generation_config.json.</summary>
public sealed record OnnxCaptionerOptions
{
    /// <summary>1 is greedy decoding.</summary>
    public int? NumBeams { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>Use decoder_with_past_model.onnx when the export has it (faster; same captions).</summary>
    public bool UsePast { get; init; } = true;

    /// <summary>Prefix captions with "a photo of", as LANCE does.</summary>
    public bool PhotoPrefix { get; init; } = true;
}
