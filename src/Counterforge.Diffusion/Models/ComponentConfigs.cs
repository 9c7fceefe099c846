using System.Text.Json;

namespace Counterforge.Diffusion.Models;

/// <summary>
/// The per-graph config.json files optimum writes beside each graph (the older onnx-branch exports have none): the
/// VAE's latent scaling factor and the UNet's native latent size. Absent files or fields give SD 1.x/2.x's values;
/// present but malformed ones are errors naming the file.
/// </summary>
public sealed record ComponentConfigs(float ScalingFactor, int? UnetSampleSize)
{
    /// <summary>The VAE scaling factor of SD 1.x and 2.x.</summary>
    public const float DefaultScalingFactor = 0.18215f;

    public static ComponentConfigs Read(ModelSetLayout layout)
    {
        double? scaling = null;
        foreach (string folder in new[] { "vae_decoder", "vae_encoder" })
        {
            scaling ??= Number(Path.Combine(layout.Directory, folder, "config.json"), "scaling_factor");
        }
        double? sampleSize = Number(Path.Combine(layout.Directory, "unet", "config.json"), "sample_size");
        if (scaling is { } s && !(s > 0 && s < 100))
            throw new ModelSetException(Path.Combine(layout.Directory, "vae_decoder", "config.json"), $"'scaling_factor' {s} is not a plausible scale");
        if (sampleSize is { } size && (size != Math.Floor(size) || size < 1 || size > 1024))
            throw new ModelSetException(Path.Combine(layout.Directory, "unet", "config.json"), $"'sample_size' {size} must be a whole number of latent pixels in [1, 1024]");
        return new ComponentConfigs((float)(scaling ?? DefaultScalingFactor), sampleSize is { } n ? (int)n : null);
    }

    private static double? Number(string path, string field)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new ModelSetException(path, "expected a JSON object");
            if (!document.RootElement.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            // sample_size may be a list [h, w] in some configs; the first entry is the height (square models repeat it).
            if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0) value = value[0];
            if (value.ValueKind != JsonValueKind.Number) throw new ModelSetException(path, $"field '{field}' must be a number, found {value.GetRawText()}");
            return value.GetDouble();
        }
        catch (JsonException e) { throw new ModelSetException(path, $"not valid JSON ({e.Message})", e); }
    }
}
