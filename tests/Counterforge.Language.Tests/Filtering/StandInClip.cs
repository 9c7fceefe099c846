using System.Text.Json;
using Counterforge.Diffusion.Tests.Models;
using static Counterforge.Diffusion.Tests.Models.OnnxGraphBuilder;

namespace Counterforge.Language.Tests.Filtering;

/// <summary>
/// CLIP towers whose embeddings are known. Text: the sum of one-hot rows of the words red, green, blue and star (every
/// other token embeds to zero). Vision: the image's mean colour (r, g, b) ↦ (r, g, b, 2·(r + g + b)), so any coloured
/// image also "shows a star" and a black image shows nothing.
/// </summary>
internal static class StandInClip
{
    public const int Embedding = 4;
    private static readonly string[] Words = ["a", "red", "green", "blue", "yellow", "star"];
    private static readonly Dictionary<string, int> Axis = new() { ["red"] = 0, ["green"] = 1, ["blue"] = 2, ["star"] = 3 };

    public static string WriteTo(string directory)
    {
        var letters = Enumerable.Range('a', 26).Select(c => ((char)c).ToString()).ToList();
        var merges = new List<(string, string)>();
        var merged = new List<string>();
        // Longer words' merges first, so that "r e" (from red) cannot split "green" before "g r" joins it.
        foreach (var word in Words.Where(w => w.Length > 1).OrderByDescending(w => w.Length))
        {
            string left = word[..1];
            for (int i = 1; i < word.Length; i++)
            {
                string right = i == word.Length - 1 ? word[i] + "</w>" : word[i].ToString();
                merges.Add((left, right));
                left += right;
                merged.Add(left);
            }
        }
        var tokens = letters.Concat(letters.Select(l => l + "</w>")).Concat(merged).Distinct()
            .Append("<|startoftext|>").Append("<|endoftext|>").ToList();
        File.WriteAllText(Path.Combine(directory, "vocab.json"), JsonSerializer.Serialize(tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i)));
        File.WriteAllLines(Path.Combine(directory, "merges.txt"), merges.Select(m => $"{m.Item1} {m.Item2}").Prepend("#version: 0.2"));
        File.WriteAllText(Path.Combine(directory, "preprocessor_config.json"),
            """{"do_center_crop": false, "size": {"height": 8, "width": 8}, "image_mean": [0, 0, 0], "image_std": [1, 1, 1]}""");

        var table = new float[tokens.Count * Embedding];
        foreach (var (word, axis) in Axis) table[tokens.IndexOf(word + "</w>") * Embedding + axis] = 1;
        var text = new OnnxGraphBuilder("text_model")
            .Input("input_ids", I64, "batch", 77).Input("attention_mask", I64, "batch", 77)
            .Output("text_embeds", F32, "batch", Embedding);
        var rows = text.Node("Gather", [text.Floats("table", [tokens.Count, Embedding], table), "input_ids"], "rows");
        var mask = text.Node("Unsqueeze", [text.Node("Cast", ["attention_mask"], "mask_float", ("to", F32)), text.Int64s("axis2", 2)], "mask");
        text.Node("ReduceSum", [text.Node("Mul", [rows, mask], "masked"), text.Int64s("axis1", 1)], "text_embeds", ("keepdims", 0));
        text.Save(Path.Combine(directory, "onnx", "text_model.onnx"));

        var vision = new OnnxGraphBuilder("vision_model").Input("pixel_values", F32, "batch", 3, 8, 8).Output("image_embeds", F32, "batch", Embedding);
        var mean = vision.Node("ReduceMean", ["pixel_values"], "mean_colour", ("axes", new long[] { 2, 3 }), ("keepdims", 0));
        vision.Node("MatMul", [mean, vision.Floats("colour_to_embedding", [3, Embedding], [1, 0, 0, 2, 0, 1, 0, 2, 0, 0, 1, 2])], "image_embeds");
        vision.Save(Path.Combine(directory, "onnx", "vision_model.onnx"));
        return directory;
    }
}
