using Counterforge.Core.Captions;
using Counterforge.Core.Data;
using Counterforge.Language.Captioning.Onnx;
using Counterforge.Language.Onnx;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Language.Captioning;

/// <summary>
/// An image captioner from a vision-encoder-decoder model exported by optimum (e.g. ViT-GPT2): encoder_model.onnx,
/// decoder_model.onnx, optional decoder_with_past_model.onnx, tokenizer vocabulary, config.json,
/// generation_config.json and preprocessor_config.json. Every graph's inputs and outputs are checked on load.
/// Greedy or beam search; the caption is finished (and prefixed) by <see cref="CaptionText"/>.
/// </summary>
public sealed class OnnxCaptioner : ICaptioner, IDisposable
{
    private static readonly ImagePreprocessing VitDefaults = new(224, 224, 224, false, [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);

    private readonly string directory;
    private readonly OnnxGraph encoder;
    private readonly CaptionDecoder decoder;
    private readonly TokenText tokens;
    private readonly GenerationSettings generation;
    private readonly ImagePreprocessing preprocessing;
    private readonly OnnxCaptionerOptions options;

    public OnnxCaptioner(string directory, OnnxCaptionerOptions? options = null)
    {
        this.options = options ?? new OnnxCaptionerOptions();
        this.directory = Path.GetFullPath(directory);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Captioner model folder {directory} does not exist.");
        generation = GenerationSettings.Read(directory);
        tokens = TokenText.Load(directory);
        encoder = OnnxGraph.Open(Path.Combine(directory, "encoder_model.onnx"));
        try
        {
            var pixels = encoder.Input("pixel_values", OnnxGraph.Float, 4);
            if (pixels.Dimensions[1] is >= 0 and not 3) throw encoder.Fail($"input 'pixel_values' has {pixels.Dimensions[1]} channels, expected 3");
            encoder.OnlyInputs(n => n == "pixel_values");
            encoder.Output("last_hidden_state", OnnxGraph.Float, 3);
            preprocessing = ImagePreprocessing.Read(Path.Combine(directory, "preprocessor_config.json"), VitDefaults);
            if (pixels.Dimensions[2] >= 0 && pixels.Dimensions[2] != preprocessing.Height || pixels.Dimensions[3] >= 0 && pixels.Dimensions[3] != preprocessing.Width)
                throw encoder.Fail($"input 'pixel_values' is {pixels.Dimensions[2]}×{pixels.Dimensions[3]} but preprocessor_config.json makes {preprocessing.Height}×{preprocessing.Width} images");
            decoder = CaptionDecoder.Load(directory, this.options.UsePast);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    public string Name => "onnx";

    public string ConfigKey => $"onnx:{directory}|beams={Beams}|max={MaxLength}|prefix={options.PhotoPrefix}";

    /// <summary>Whether decoding feeds decoder_with_past_model.onnx.</summary>
    public bool UsesPast => decoder.UsesPast;

    private int Beams => options.NumBeams ?? generation.NumBeams;
    private int MaxLength => options.MaxLength ?? generation.MaxLength;

    public string Caption(Sample sample, string imagePath) =>
        CaptionText.Finish(RawCaption(File.ReadAllBytes(imagePath), imagePath), options.PhotoPrefix, $"Sample '{sample.Id}' ({imagePath})");

    /// <summary>Decoding is compute on this machine: it runs on a worker thread, so a caller's thread is never held.</summary>
    public Task<string> CaptionAsync(Sample sample, string imagePath, string className, CancellationToken cancel = default) =>
        Task.Run(() => Caption(sample, imagePath), cancel);

    /// <summary>The decoded text before finishing, for one encoded image.</summary>
    public string RawCaption(byte[] encodedImage, string where)
    {
        var (ids, _) = Generate(encodedImage, where);
        return tokens.Decode(ids, generation.SpecialIds).Trim();
    }

    /// <summary>The generated token ids (start excluded) and their length-normalised log-probability.</summary>
    internal (IReadOnlyList<long> Ids, double Score) Generate(byte[] encodedImage, string where)
    {
        var pixels = new DenseTensor<float>(preprocessing.Tensor(encodedImage, where), [1, 3, preprocessing.Height, preprocessing.Width]);
        FloatTensor hidden;
        using (var outputs = encoder.Session.Run([Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("pixel_values", pixels)]))
        {
            var tensor = outputs.First(o => o.Name == "last_hidden_state").AsTensor<float>();
            hidden = new FloatTensor(tensor.ToArray(), tensor.Dimensions.ToArray());
        }
        var run = decoder.Start(hidden);
        var result = BeamSearch.Run(generation.DecoderStartId, generation.EosId, Beams, MaxLength - 1, generation.LengthPenalty, run.Next);
        return (result.Tokens, result.Score);
    }

    public void Dispose()
    {
        encoder.Dispose();
        decoder.Dispose();
    }
}
