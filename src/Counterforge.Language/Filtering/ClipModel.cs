using Counterforge.Diffusion.Tokenizer;
using Counterforge.Language.Embeddings;
using Counterforge.Language.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Language.Filtering;

/// <summary>
/// CLIP's two towers as optimum / transformers.js export them separately: text_model.onnx (input_ids [B, L], optional
/// attention_mask → text_embeds [B, E]) and vision_model.onnx (pixel_values [B, 3, H, W] → image_embeds [B, E]), at the
/// folder's root or under onnx/; the BPE tokenizer (vocab.json, merges.txt) at the root or under tokenizer/;
/// preprocessor_config.json for the image transform. Embeddings come back unit-length.
/// </summary>
public sealed class ClipModel : ITextEmbedder, IDisposable
{
    private static readonly ImagePreprocessing ClipDefaults = new(224, 224, 224, true, [0.48145466f, 0.4578275f, 0.40821073f], [0.26862954f, 0.26130258f, 0.27577711f]);

    private readonly OnnxGraph text;
    private readonly OnnxGraph vision;
    private readonly ClipTokenizer tokenizer;
    private readonly ImagePreprocessing preprocessing;

    public ClipModel(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"CLIP model folder {directory} does not exist.");
        Directory = Path.GetFullPath(directory);
        string Find(string file) => new[] { Path.Combine(directory, file), Path.Combine(directory, "onnx", file) }.FirstOrDefault(File.Exists)
                                    ?? throw new InvalidDataException($"{directory}: no {file} (looked at the root and under onnx/).");
        var tokenizerDirectory = File.Exists(Path.Combine(directory, "vocab.json")) ? directory : Path.Combine(directory, "tokenizer");
        text = OnnxGraph.Open(Find("text_model.onnx"));
        vision = OnnxGraph.Open(Find("vision_model.onnx"));
        try
        {
            var ids = text.Input("input_ids", OnnxGraph.Ids, 2);
            if (text.HasInput("attention_mask")) text.Input("attention_mask", OnnxGraph.Ids, 2);
            text.OnlyInputs(n => n is "input_ids" or "attention_mask");
            var textEmbeds = text.Output("text_embeds", OnnxGraph.Float, 2);
            tokenizer = ClipTokenizer.Load(tokenizerDirectory, ids.Dimensions[1] > 0 ? ids.Dimensions[1] : ClipTokenizer.DefaultLength);

            var pixels = vision.Input("pixel_values", OnnxGraph.Float, 4);
            vision.OnlyInputs(n => n == "pixel_values");
            var imageEmbeds = vision.Output("image_embeds", OnnxGraph.Float, 2);
            if (textEmbeds.Dimensions[1] > 0 && imageEmbeds.Dimensions[1] > 0 && textEmbeds.Dimensions[1] != imageEmbeds.Dimensions[1])
                throw vision.Fail($"image_embeds has {imageEmbeds.Dimensions[1]} dimensions but text_model's text_embeds has {textEmbeds.Dimensions[1]}");
            preprocessing = ImagePreprocessing.Read(Path.Combine(directory, "preprocessor_config.json"), ClipDefaults);
            if (pixels.Dimensions[2] > 0 && pixels.Dimensions[2] != preprocessing.Height || pixels.Dimensions[3] > 0 && pixels.Dimensions[3] != preprocessing.Width)
                throw vision.Fail($"pixel_values is {pixels.Dimensions[2]}×{pixels.Dimensions[3]} but preprocessor_config.json makes {preprocessing.Height}×{preprocessing.Width} images");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Directory { get; }

    /// <summary>CLIP's text tower as a sentence embedder (the subject guard's when a CLIP model is given).</summary>
    public float[][] Embed(IReadOnlyList<string> texts) => EmbedTexts(texts);

    public float[][] EmbedTexts(IReadOnlyList<string> texts)
    {
        int length = tokenizer.Length;
        var ids = new long[texts.Count * length];
        for (int i = 0; i < texts.Count; i++)
        {
            var row = tokenizer.Encode(texts[i]);
            for (int t = 0; t < length; t++) ids[i * length + t] = row[t];
        }
        var inputs = new List<NamedOnnxValue> { Ids("input_ids", ids, texts.Count, length) };
        if (text.HasInput("attention_mask"))
        {
            // Real tokens, start and end included, attend; the padding after the first end token does not.
            var mask = new long[ids.Length];
            for (int i = 0; i < texts.Count; i++)
            {
                int t = 0;
                while (t < length && (t == 0 || ids[i * length + t - 1] != tokenizer.EndId)) mask[i * length + t++] = 1;
            }
            inputs.Add(Ids("attention_mask", mask, texts.Count, length));
        }
        return Run(text, inputs, "text_embeds");
    }

    public float[] EmbedImage(byte[] encodedImage, string where) =>
        Run(vision, [NamedOnnxValue.CreateFromTensor("pixel_values",
            new DenseTensor<float>(preprocessing.Tensor(encodedImage, where), [1, 3, preprocessing.Height, preprocessing.Width]))], "image_embeds")[0];

    private NamedOnnxValue Ids(string name, long[] values, int rows, int length) =>
        text.Session.InputMetadata[name].ElementDataType == TensorElementType.Int64
            ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(values, [rows, length]))
            : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(values.Select(v => checked((int)v)).ToArray(), [rows, length]));

    private static float[][] Run(OnnxGraph graph, List<NamedOnnxValue> inputs, string output)
    {
        using var results = graph.Session.Run(inputs, [output]);
        var tensor = results[0].AsTensor<float>();
        int rows = tensor.Dimensions[0], size = tensor.Dimensions[1];
        return Enumerable.Range(0, rows).Select(r => Vectors.Normalized(Enumerable.Range(0, size).Select(c => tensor[r, c]).ToArray())).ToArray();
    }

    public void Dispose()
    {
        text?.Dispose();
        vision?.Dispose();
    }
}
