namespace Counterforge.Diffusion.Models;

/// <summary>
/// The files of optimum's ONNX Stable Diffusion layout (also what diffusers' older "onnx" branch exports use).
/// Weight data beside a graph (model.onnx_data / weights.pb) is found by ONNX Runtime itself.
/// </summary>
public sealed record ModelSetLayout(string Directory)
{
    public string ModelIndex => Path.Combine(Directory, "model_index.json");
    public string TextEncoder => Path.Combine(Directory, "text_encoder", "model.onnx");
    public string Unet => Path.Combine(Directory, "unet", "model.onnx");
    public string VaeEncoder => Path.Combine(Directory, "vae_encoder", "model.onnx");
    public string VaeDecoder => Path.Combine(Directory, "vae_decoder", "model.onnx");
    public string TokenizerDirectory => Path.Combine(Directory, "tokenizer");
    public string Vocab => Path.Combine(TokenizerDirectory, "vocab.json");
    public string Merges => Path.Combine(TokenizerDirectory, "merges.txt");
    public string SchedulerConfig => Path.Combine(Directory, "scheduler", "scheduler_config.json");

    public IEnumerable<string> RequiredFiles => [ModelIndex, TextEncoder, Unet, VaeEncoder, VaeDecoder, Vocab, Merges, SchedulerConfig];

    /// <summary>Fails on the first missing file, naming it and the layout it belongs to.</summary>
    public void CheckComplete()
    {
        if (!System.IO.Directory.Exists(Directory)) throw new ModelSetException(Directory, "model set folder not found");
        foreach (string file in RequiredFiles)
            if (!File.Exists(file))
                throw new ModelSetException(file, $"missing; a model set needs {string.Join(", ", RequiredFiles.Select(f => Path.GetRelativePath(Directory, f)))} (optimum's ONNX layout)");
    }
}
