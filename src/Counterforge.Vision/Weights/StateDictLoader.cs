using TorchSharp;
using static TorchSharp.torch;

namespace Counterforge.Vision.Weights;

/// <summary>Copies a state dict read from a file into a module after checking that keys and shapes match exactly.</summary>
public static class StateDictLoader
{
    /// <param name="skipPrefix">Keys starting with this (e.g. the head's <c>fc.</c>) are neither required nor loaded.</param>
    public static void Load(nn.Module module, string path, string? skipPrefix = null)
    {
        var loaded = StateDictFile.Read(path);
        try
        {
            bool Skipped(string key) => skipPrefix is not null && key.StartsWith(skipPrefix, StringComparison.Ordinal);
            var target = module.state_dict();
            var missing = target.Keys.FirstOrDefault(k => !Skipped(k) && !loaded.ContainsKey(k));
            if (missing is not null)
                throw Mismatch(path, missing, $"the model has '{missing}' but the file does not ({loaded.Count} keys in the file)");
            var unexpected = loaded.Keys.FirstOrDefault(k => !Skipped(k) && !target.ContainsKey(k));
            if (unexpected is not null)
                throw Mismatch(path, unexpected, $"the file has '{unexpected}', which the model does not");
            foreach (var (key, destination) in target)
            {
                if (Skipped(key)) continue;
                var source = loaded[key];
                if (!source.shape.SequenceEqual(destination.shape))
                    throw Mismatch(path, key, $"'{key}' is [{string.Join(", ", source.shape)}] in the file, the model needs [{string.Join(", ", destination.shape)}]");
                if (source.is_floating_point() != destination.is_floating_point())
                    throw Mismatch(path, key, $"'{key}' is {source.dtype} in the file, the model needs {destination.dtype}");
            }
            using var _ = no_grad();
            foreach (var (key, destination) in target)
                if (!Skipped(key)) destination.copy_(loaded[key]);
        }
        finally
        {
            foreach (var t in loaded.Values) t.Dispose();
        }
    }

    private static InvalidDataException Mismatch(string path, string key, string why) =>
        new($"Weights file '{path}' does not fit the model at key '{key}': {why}.");
}
