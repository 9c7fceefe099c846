using System.Text.Json;
using Counterforge.Diffusion.Tests.Models;
using static Counterforge.Diffusion.Tests.Models.OnnxGraphBuilder;

namespace Counterforge.Language.Tests.Captioning;

/// <summary>
/// A vision-encoder-decoder export in optimum's layout whose arithmetic the test can redo by hand:
/// encoder = 4×4 patch convolution (8×8 image → 4 patches of D = 4); decoder logits for the last token t of a sequence =
/// Bigram[t] + Σ History[s] over every token s so far + mean(encoder states)·Projection. decoder_model.onnx returns the
/// per-token history rows as present.0.decoder.* and the encoder states as present.0.encoder.*; decoder_with_past_model.onnx
/// appends one token's row to the past and recomputes the same logits.
/// </summary>
internal sealed record StandInCaptioner
{
    public static readonly string[] Tokens = ["<s>", "</s>", "a", "Ġdog", "Ġon", "Ġgrass", "Ġcat"];
    public const int Vocabulary = 7, Hidden = 4, Start = 0, Eos = 1, MaxLength = 5;

    /// <summary>A trap for greedy search: "a" beats "dog" first, but everything after "a" is uncertain while "dog" ends surely.</summary>
    public static readonly float[,] Bigram =
    {
        { -9, -9, 2.6f, 2.2f, -9, -9, -9 },
        { 0, 0, 0, 0, 0, 0, 0 },
        { -9, -2, -9, 0.5f, 0.5f, 0.5f, 0.5f },
        { -9, 5, -9, -9, 0, -9, -9 },
        { -9, -9, 1, -9, -9, 2, -9 },
        { -9, 4, -9, -9, -9, -9, -9 },
        { -9, 3, -9, -9, 1, -9, -9 },
    };

    public float[] History { get; } = RandomValues(Vocabulary * Vocabulary, 0.1f, 1);
    public float[] Projection { get; } = RandomValues(Hidden * Vocabulary, 0.1f, 2);
    public float[] Patch { get; } = RandomValues(Hidden * 3 * 4 * 4, 0.05f, 3);

    public bool WithPast { get; init; } = true;
    public bool EncoderWithoutStates { get; init; }
    public bool PastWithoutPresent { get; init; }

    public string WriteTo(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "config.json"), """{"model_type": "vision-encoder-decoder", "decoder": {"vocab_size": 7}}""");
        File.WriteAllText(Path.Combine(directory, "generation_config.json"),
            $$"""{"decoder_start_token_id": {{Start}}, "bos_token_id": {{Start}}, "eos_token_id": {{Eos}}, "pad_token_id": {{Eos}}, "max_length": {{MaxLength}}}""");
        File.WriteAllText(Path.Combine(directory, "preprocessor_config.json"),
            """{"do_resize": true, "size": {"height": 8, "width": 8}, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5]}""");
        File.WriteAllText(Path.Combine(directory, "vocab.json"), JsonSerializer.Serialize(Tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i)));
        File.WriteAllLines(Path.Combine(directory, "merges.txt"), ["#version: 0.2"]);
        Encoder().Save(Path.Combine(directory, "encoder_model.onnx"));
        Decoder().Save(Path.Combine(directory, "decoder_model.onnx"));
        if (WithPast) DecoderWithPast().Save(Path.Combine(directory, "decoder_with_past_model.onnx"));
        return directory;
    }

    /// <summary>What the decoder computes: next-token log-probabilities after <paramref name="sequence"/> for a solid image.</summary>
    public double[] LogProbabilities(IReadOnlyList<long> sequence, byte[] rgb)
    {
        var pixel = rgb.Select(v => (v / 255.0 - 0.5) / 0.5).ToArray();
        var encoderMean = new double[Hidden];
        for (int d = 0; d < Hidden; d++)
            for (int c = 0; c < 3; c++)
                for (int k = 0; k < 16; k++) encoderMean[d] += pixel[c] * Patch[(d * 3 + c) * 16 + k];
        var logits = new double[Vocabulary];
        long last = sequence[^1];
        for (int v = 0; v < Vocabulary; v++)
        {
            logits[v] = Bigram[last, v];
            foreach (var s in sequence) logits[v] += History[s * Vocabulary + v];
            for (int d = 0; d < Hidden; d++) logits[v] += encoderMean[d] * Projection[d * Vocabulary + v];
        }
        double max = logits.Max(), log = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
        return logits.Select(l => l - log).ToArray();
    }

    private OnnxGraphBuilder Encoder()
    {
        var g = new OnnxGraphBuilder("encoder").Input("pixel_values", F32, "batch", 3, 8, 8);
        if (EncoderWithoutStates) g.Output("pooled", F32, "batch", Hidden);
        else g.Output("last_hidden_state", F32, "batch", 4, Hidden);
        var conv = g.Node("Conv", ["pixel_values", g.Floats("patch", [Hidden, 3, 4, 4], Patch)], "patches", ("strides", new long[] { 4, 4 }));
        var flat = g.Node("Reshape", [conv, g.Int64s("flat_shape", 0, Hidden, -1)], "flat");
        if (EncoderWithoutStates) g.Node("ReduceMean", [flat], "pooled", ("axes", new long[] { 2 }), ("keepdims", 0));
        else g.Node("Transpose", [flat], "last_hidden_state", ("perm", new long[] { 0, 2, 1 }));
        return g;
    }

    private OnnxGraphBuilder Decoder()
    {
        var g = new OnnxGraphBuilder("decoder")
            .Input("input_ids", I64, "batch", "sequence")
            .Input("encoder_hidden_states", F32, "batch", "patches", Hidden)
            .Output("logits", F32, "batch", "sequence", Vocabulary)
            .Output("present.0.decoder.key", F32, "batch", 1, "sequence", Vocabulary)
            .Output("present.0.decoder.value", F32, "batch", 1, "sequence", Vocabulary)
            .Output("present.0.encoder.key", F32, "batch", 1, "patches", Hidden)
            .Output("present.0.encoder.value", F32, "batch", 1, "patches", Hidden);
        var bigram = g.Node("Gather", [BigramWeights(g), "input_ids"], "bigram");
        var rows = g.Node("Gather", [g.Floats("history", [Vocabulary, Vocabulary], History), "input_ids"], "history_rows");
        var history = g.Node("CumSum", [rows, g.Int64s("axis1", 1)], "history_sum");
        var encoder = EncoderTerm(g, g.Node("ReduceMean", ["encoder_hidden_states"], "encoder_mean", ("axes", new long[] { 1 }), ("keepdims", 1)));
        g.Node("Add", [g.Node("Add", [bigram, history], "partial"), encoder], "logits");
        g.Node("Unsqueeze", [rows, g.Int64s("axis_head", 1)], "present.0.decoder.key");
        g.Node("Unsqueeze", [rows, "axis_head"], "present.0.decoder.value");
        g.Node("Unsqueeze", ["encoder_hidden_states", "axis_head"], "present.0.encoder.key");
        g.Node("Unsqueeze", ["encoder_hidden_states", "axis_head"], "present.0.encoder.value");
        return g;
    }

    private OnnxGraphBuilder DecoderWithPast()
    {
        var g = new OnnxGraphBuilder("decoder_with_past")
            .Input("input_ids", I64, "batch", 1)
            .Input("past_key_values.0.decoder.key", F32, "batch", 1, "past", Vocabulary)
            .Input("past_key_values.0.decoder.value", F32, "batch", 1, "past", Vocabulary)
            .Input("past_key_values.0.encoder.key", F32, "batch", 1, "patches", Hidden)
            .Input("past_key_values.0.encoder.value", F32, "batch", 1, "patches", Hidden)
            .Output("logits", F32, "batch", 1, Vocabulary)
            .Output("present.0.decoder.key", F32, "batch", 1, "total", Vocabulary);
        if (!PastWithoutPresent) g.Output("present.0.decoder.value", F32, "batch", 1, "total", Vocabulary);
        var bigram = g.Node("Gather", [BigramWeights(g), "input_ids"], "bigram");
        var row = g.Node("Gather", [g.Floats("history", [Vocabulary, Vocabulary], History), "input_ids"], "history_row");
        var row4 = g.Node("Unsqueeze", [row, g.Int64s("axis_head", 1)], "history_row4");
        var keys = g.Node("Concat", ["past_key_values.0.decoder.key", row4], "present.0.decoder.key", ("axis", 2));
        if (!PastWithoutPresent) g.Node("Concat", ["past_key_values.0.decoder.value", row4], "present.0.decoder.value", ("axis", 2));
        var history = g.Node("ReduceSum", [keys, g.Int64s("axis_time", 2)], "history_sum", ("keepdims", 0));
        var encoderMean = g.Node("ReduceMean", ["past_key_values.0.encoder.key"], "encoder_mean", ("axes", new long[] { 2 }), ("keepdims", 0));
        var encoder = EncoderTerm(g, encoderMean);
        g.Node("Add", [g.Node("Add", [bigram, history], "partial"), encoder], "logits");
        return g;
    }

    private static string BigramWeights(OnnxGraphBuilder g) =>
        g.Floats("bigram_weights", [Vocabulary, Vocabulary], Enumerable.Range(0, Vocabulary * Vocabulary).Select(i => Bigram[i / Vocabulary, i % Vocabulary]).ToArray());

    private string EncoderTerm(OnnxGraphBuilder g, string encoderMean) =>
        g.Node("MatMul", [encoderMean, g.Floats("projection", [Hidden, Vocabulary], Projection)], "encoder_term");

    private static float[] RandomValues(int count, float scale, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();
    }
}
