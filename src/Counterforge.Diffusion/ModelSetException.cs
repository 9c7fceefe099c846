namespace Counterforge.Diffusion;

/// <summary>
/// A file of a diffusion model set (config, tokenizer file, ONNX graph) is missing or not what was expected.
/// The message always starts with the file's path so a user can find what to fix.
/// </summary>
public sealed class ModelSetException : Exception
{
    public string FilePath { get; }

    public ModelSetException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner) => FilePath = filePath;
}
