using System.Text.Json;
using Counterforge.Diffusion.Images;
using Counterforge.Diffusion;
using Microsoft.ML.OnnxRuntime;

namespace Counterforge.SceneModels;

/// <summary>What the oracle read in one image: the word it gives each kind, and its probability.</summary>
public sealed record OracleReading(IReadOnlyDictionary<string, string> Words, IReadOnlyDictionary<string, double> Confidence)
{
    public string this[string kind] => Words[kind];
}

/// <summary>
/// The attribute oracle trained beside the miniature model (oracle/ in its folder): a small CNN trained on exact
/// renders and their autoencoder reconstructions that reads every attribute of a scene — subject, size, colour,
/// background, weather, time — so a generated image can be judged against the caption that asked for it.
/// </summary>
public sealed class SceneAttributeOracle : IDisposable
{
    private readonly InferenceSession session;
    private readonly IReadOnlyList<string> kinds;
    private readonly IReadOnlyList<IReadOnlyList<string>> words;

    private SceneAttributeOracle(InferenceSession session, int imageSize, IReadOnlyList<string> kinds, IReadOnlyList<IReadOnlyList<string>> words)
    {
        this.session = session;
        ImageSize = imageSize;
        this.kinds = kinds;
        this.words = words;
    }

    /// <summary>Side in pixels images are brought to before reading.</summary>
    public int ImageSize { get; }

    /// <param name="modelSetDirectory">The miniature model set's folder (its oracle/ subfolder is read).</param>
    public static SceneAttributeOracle Load(string modelSetDirectory)
    {
        string folder = Path.Combine(modelSetDirectory, "oracle");
        string configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath)) throw new ModelSetException(configPath, "the attribute oracle's config is missing");
        using var config = JsonDocument.Parse(File.ReadAllText(configPath));
        var root = config.RootElement;
        var kinds = root.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()!).ToList();
        var words = kinds.Select(k => (IReadOnlyList<string>)root.GetProperty("words").GetProperty(k).EnumerateArray().Select(w => w.GetString()!).ToList()).ToList();
        foreach (var (kind, known) in kinds.Zip(words))
            if (!known.SequenceEqual(SceneAttributes.Words(kind)))
                throw new ModelSetException(configPath, $"the oracle's {kind} words ({string.Join(", ", known)}) are not the scenes world's; retrain it");
        using var options = new SessionOptions();
        var session = new InferenceSession(Path.Combine(folder, "model.onnx"), options);
        return new SceneAttributeOracle(session, root.GetProperty("image_size").GetInt32(), kinds, words);
    }

    public OracleReading Read(string imagePath) => Read(RgbImage.Load(imagePath, ImageSize, ImageSize));

    /// <summary>Reads an encoded image (PNG, JPEG or WebP) of any size.</summary>
    public OracleReading Read(byte[] encodedImage) => Read(RgbImage.Decode(encodedImage, ImageSize, ImageSize));

    /// <summary>Reads an image given as RGB planes [3, S, S] in [−1, 1] at <see cref="ImageSize"/>.</summary>
    public OracleReading Read(float[] image)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(image, [1, 3, ImageSize, ImageSize]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["image"], [input], ["logits"]);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        var read = new Dictionary<string, string>();
        var confidence = new Dictionary<string, double>();
        int offset = 0;
        for (int k = 0; k < kinds.Count; k++)
        {
            var slice = logits.Slice(offset, words[k].Count);
            int best = 0;
            for (int i = 1; i < slice.Length; i++) if (slice[i] > slice[best]) best = i;
            double sum = 0;
            foreach (float l in slice) sum += Math.Exp(l - slice[best]);
            read[kinds[k]] = words[k][best];
            confidence[kinds[k]] = 1 / sum;
            offset += words[k].Count;
        }
        return new OracleReading(read, confidence);
    }

    public void Dispose() => session.Dispose();
}
