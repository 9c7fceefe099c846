using Counterforge.Diffusion.Models;
using Counterforge.Diffusion.Tokenizer;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// Caption → CLIP hidden states [77, D] through the model set's text encoder, with input_ids in the export's integer
/// width. Recent captions are remembered: an edit run encodes the same source caption and the empty caption many times.
/// </summary>
public sealed class TextEncoder(InferenceSession session, ClipTokenizer tokenizer, ModelSetSignature signature)
{
    private const int CacheSize = 64;
    private static readonly string[] OutputNames = ["last_hidden_state"];
    private readonly Dictionary<string, float[]> cache = new(StringComparer.Ordinal);

    /// <summary>Tokens per caption (77).</summary>
    public int SequenceLength => tokenizer.Length;

    /// <summary>The hidden states of a caption, flattened [77 × D]. The returned array is shared: do not modify it.</summary>
    public float[] Encode(string caption)
    {
        lock (cache)
        {
            if (cache.TryGetValue(caption, out var known)) return known;
        }
        var ids = tokenizer.Encode(caption);
        long[] shape = [1, ids.Length];
        using var input = signature.InputIdsType == TensorElementType.Int32
            ? OrtValue.CreateTensorValueFromMemory(ids, shape)
            : OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(ids, id => (long)id), shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input_ids"], [input], OutputNames);
        var states = OrtValues.ToFloats(outputs[0]);
        if (states.Length % SequenceLength != 0)
            throw new InvalidDataException($"the text encoder returned {states.Length} values, not a multiple of {SequenceLength} tokens");
        lock (cache)
        {
            if (cache.Count >= CacheSize) cache.Clear();
            cache[caption] = states;
        }
        return states;
    }
}
