using Counterforge.Language.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Language.Captioning.Onnx;

/// <summary>
/// The decoder half of an optimum vision-encoder-decoder export: decoder_model.onnx (whole sequence → logits and the
/// present keys/values) and, when present, decoder_with_past_model.onnx (one new token plus past keys/values → logits).
/// With both, the first step runs the full decoder and later steps feed the cache; without the second, every step
/// re-runs the full sequence. Either way the next-token log-probabilities are the same.
/// </summary>
internal sealed class CaptionDecoder : IDisposable
{
    private const string PastPrefix = "past_key_values.";
    private const string PresentPrefix = "present.";
    private const string Ids = "input_ids", Hidden = "encoder_hidden_states", Mask = "encoder_attention_mask";

    private readonly OnnxGraph decoder;
    private readonly OnnxGraph? withPast;

    private CaptionDecoder(OnnxGraph decoder, OnnxGraph? withPast)
    {
        this.decoder = decoder;
        this.withPast = withPast;
    }

    public bool UsesPast => withPast is not null;

    public static CaptionDecoder Load(string directory, bool usePast)
    {
        var decoderPath = Path.Combine(directory, "decoder_model.onnx");
        if (!File.Exists(decoderPath) && File.Exists(Path.Combine(directory, "decoder_model_merged.onnx")))
            throw new InvalidDataException($"{decoderPath}: missing; merged decoders are not supported, export without post-processing (optimum-cli … --no-post-process).");
        var decoder = OnnxGraph.Open(decoderPath);
        OnnxGraph? past = null;
        try
        {
            decoder.Input(Ids, OnnxGraph.Ids, 2);
            decoder.Input(Hidden, OnnxGraph.Float, 3);
            if (decoder.HasInput(Mask)) decoder.Input(Mask, OnnxGraph.Ids, 2);
            decoder.OnlyInputs(n => n is Ids or Hidden or Mask);
            decoder.Output("logits", OnnxGraph.Float, 3);
            var presents = decoder.OutputNames.Where(n => n.StartsWith(PresentPrefix, StringComparison.Ordinal)).ToHashSet();
            foreach (var name in presents) decoder.Output(name, OnnxGraph.Float, 4);

            var pastPath = Path.Combine(directory, "decoder_with_past_model.onnx");
            if (usePast && File.Exists(pastPath))
            {
                past = OnnxGraph.Open(pastPath);
                CheckWithPast(past, presents);
            }
            return new CaptionDecoder(decoder, past);
        }
        catch
        {
            decoder.Dispose();
            past?.Dispose();
            throw;
        }
    }

    private static void CheckWithPast(OnnxGraph past, HashSet<string> decoderPresents)
    {
        past.Input(Ids, OnnxGraph.Ids, 2);
        if (past.HasInput(Hidden)) past.Input(Hidden, OnnxGraph.Float, 3);
        if (past.HasInput(Mask)) past.Input(Mask, OnnxGraph.Ids, 2);
        past.OnlyInputs(n => n is Ids or Hidden or Mask || n.StartsWith(PastPrefix, StringComparison.Ordinal));
        past.Output("logits", OnnxGraph.Float, 3);
        var pastInputs = past.InputNames.Where(n => n.StartsWith(PastPrefix, StringComparison.Ordinal)).ToList();
        if (pastInputs.Count == 0) throw past.Fail("has no past_key_values.* inputs");
        foreach (var input in pastInputs)
        {
            past.Input(input, OnnxGraph.Float, 4);
            var suffix = input[PastPrefix.Length..];
            if (!decoderPresents.Contains(PresentPrefix + suffix))
                throw past.Fail($"input '{input}' has no matching output 'present.{suffix}' in decoder_model.onnx");
            bool staysFixed = suffix.Contains(".encoder.", StringComparison.Ordinal);
            if (!staysFixed && !past.OutputNames.Contains(PresentPrefix + suffix))
                throw past.Fail($"input '{input}' is not returned as 'present.{suffix}', so the next step could not be fed");
        }
    }

    /// <summary>Decoding state for one image; <paramref name="encoderHidden"/> has one row.</summary>
    public Run Start(FloatTensor encoderHidden) => new(this, encoderHidden);

    internal sealed class Run(CaptionDecoder owner, FloatTensor encoder)
    {
        private Dictionary<string, FloatTensor>? past;

        /// <summary>Log-probabilities of the next token for each sequence; row i of the previous step's state continues as row parents[i].</summary>
        public float[][] Next(IReadOnlyList<int> parents, IReadOnlyList<IReadOnlyList<long>> sequences)
        {
            int rows = sequences.Count;
            bool cached = owner.withPast is not null && past is not null;
            var graph = cached ? owner.withPast! : owner.decoder;
            int length = cached ? 1 : sequences[0].Count;
            var inputs = new List<NamedOnnxValue>
            {
                IdsInput(graph, rows, length, (r, t) => sequences[r][sequences[r].Count - length + t]),
            };
            if (graph.HasInput(Hidden)) inputs.Add(Float(Hidden, encoder.Repeat(rows)));
            if (graph.HasInput(Mask)) inputs.Add(IdsInput(graph, Mask, rows, encoder.Dims[1], (_, _) => 1));
            if (cached)
            {
                past = past!.ToDictionary(p => p.Key, p => p.Value.SelectRows(parents));
                inputs.AddRange(graph.InputNames.Where(n => n.StartsWith(PastPrefix, StringComparison.Ordinal))
                                     .Select(n => Float(n, past[n[PastPrefix.Length..]])));
            }

            using var outputs = graph.Session.Run(inputs);
            var logits = outputs.First(o => o.Name == "logits").AsTensor<float>();
            if (owner.withPast is not null)
            {
                past ??= [];
                foreach (var output in outputs.Where(o => o.Name.StartsWith(PresentPrefix, StringComparison.Ordinal)))
                {
                    var tensor = output.AsTensor<float>();
                    past[output.Name[PresentPrefix.Length..]] = new FloatTensor(tensor.ToArray(), tensor.Dimensions.ToArray());
                }
            }
            return LastLogProbabilities(logits, rows);
        }

        private static float[][] LastLogProbabilities(Tensor<float> logits, int rows)
        {
            int steps = logits.Dimensions[1], vocabulary = logits.Dimensions[2];
            var result = new float[rows][];
            for (int r = 0; r < rows; r++)
            {
                var row = new float[vocabulary];
                for (int v = 0; v < vocabulary; v++) row[v] = logits[r, steps - 1, v];
                float max = row.Max();
                double sum = row.Sum(x => Math.Exp(x - max));
                float logSum = max + (float)Math.Log(sum);
                for (int v = 0; v < vocabulary; v++) row[v] -= logSum;
                result[r] = row;
            }
            return result;
        }

        private static NamedOnnxValue IdsInput(OnnxGraph graph, int rows, int length, Func<int, int, long> id) => IdsInput(graph, Ids, rows, length, id);

        private static NamedOnnxValue IdsInput(OnnxGraph graph, string name, int rows, int length, Func<int, int, long> id)
        {
            bool int64 = graph.Session.InputMetadata[name].ElementDataType == TensorElementType.Int64;
            if (int64)
            {
                var tensor = new DenseTensor<long>([rows, length]);
                for (int r = 0; r < rows; r++) for (int t = 0; t < length; t++) tensor[r, t] = id(r, t);
                return NamedOnnxValue.CreateFromTensor(name, tensor);
            }
            var ints = new DenseTensor<int>([rows, length]);
            for (int r = 0; r < rows; r++) for (int t = 0; t < length; t++) ints[r, t] = checked((int)id(r, t));
            return NamedOnnxValue.CreateFromTensor(name, ints);
        }

        private static NamedOnnxValue Float(string name, FloatTensor tensor) =>
            NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(tensor.Data, tensor.Dims));
    }

    public void Dispose()
    {
        decoder.Dispose();
        withPast?.Dispose();
    }
}
