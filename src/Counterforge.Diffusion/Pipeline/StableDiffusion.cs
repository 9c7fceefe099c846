using Counterforge.Diffusion.Models;
using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// An opened model set ready to run: the four sessions (created once), its text encoder and VAE wrappers, UNet runners
/// reused per batch layout, and the resolution images are brought to. Calls that run graphs must hold <see cref="Gate"/>:
/// ONNX Runtime already spreads one run over all cores, and the runners' buffers are shared.
/// </summary>
public sealed class StableDiffusion : IDisposable
{
    /// <summary>SD 1.x's 512 px, used when neither the UNet's config nor its graph fixes a size.</summary>
    public const int DefaultResolution = 512;

    private readonly Dictionary<(int Batch, int Channels, int Height, int Width), UnetRunner> runners = [];

    private StableDiffusion(ModelSet models, ComponentConfigs configs, int? resolution)
    {
        Models = models;
        TextEncoder = new TextEncoder(models.TextEncoder, models.Tokenizer, models.Signature);
        Vae = new Vae(models.VaeEncoder, models.VaeDecoder, models.Signature, configs.ScalingFactor);
        Schedule = new NoiseSchedule(models.SchedulerConfig);
        FixedLatentSize = FixedUnetLatent(models);
        Resolution = resolution ?? (configs.UnetSampleSize is int size ? size * 8
            : FixedLatentSize is var (h, w) ? Math.Max(h, w) * 8 : DefaultResolution);
        if (Resolution < 8 || Resolution % 8 != 0) throw new ArgumentOutOfRangeException(nameof(resolution), Resolution, "the resolution must be a positive multiple of 8");
    }

    public ModelSet Models { get; }
    public TextEncoder TextEncoder { get; }
    public Vae Vae { get; }
    public NoiseSchedule Schedule { get; }

    /// <summary>The longer image side, in pixels, images are resized to before encoding.</summary>
    public int Resolution { get; }

    /// <summary>The latent size an export with fixed spatial dimensions demands; null for dynamic exports.</summary>
    public (int Height, int Width)? FixedLatentSize { get; }

    /// <summary>
    /// The size an image of the given size is brought to: the export's fixed size, else the longer side scaled to
    /// <see cref="Resolution"/> and both sides rounded to multiples of 8 (the VAE halves the size three times).
    /// </summary>
    public (int Width, int Height) ModelImageSize(int width, int height)
    {
        if (FixedLatentSize is var (h, w)) return (w * 8, h * 8);
        double scale = (double)Resolution / Math.Max(width, height);
        static int Round8(double side) => Math.Max(8, (int)Math.Round(side / 8) * 8);
        return (Round8(width * scale), Round8(height * scale));
    }

    /// <summary>Held by whoever runs graphs or uses a runner.</summary>
    public object Gate { get; } = new();

    /// <param name="resolution">Overrides the model's own size (a multiple of 8); null reads it from the model set.</param>
    public static StableDiffusion Load(string directory, ExecutionDevice device = ExecutionDevice.Cpu, int? resolution = null)
    {
        var models = ModelSet.Load(directory, device);
        try
        {
            return new StableDiffusion(models, ComponentConfigs.Read(models.Layout), resolution);
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }

    /// <summary>The runner for a batch layout, made on first use and kept.</summary>
    public UnetRunner Unet(int batch, int inChannels, int latentHeight, int latentWidth)
    {
        if (Models.Signature.UnetInChannels is int expected && expected != inChannels)
            throw new InvalidOperationException($"{Models.Layout.Unet}: this UNet takes {expected} input channels, the editor feeds {inChannels}");
        var key = (batch, inChannels, latentHeight, latentWidth);
        if (!runners.TryGetValue(key, out var runner))
        {
            int hidden = Models.Signature.TextHiddenSize ?? TextEncoder.Encode("").Length / TextEncoder.SequenceLength;
            runner = new UnetRunner(Models.Unet, Models.Signature, batch, inChannels, latentHeight, latentWidth, TextEncoder.SequenceLength, hidden);
            runners[key] = runner;
        }
        return runner;
    }

    /// <summary>UNet run calls and the wall and calling-thread CPU time spent inside them, over all runners (for the overhead benchmark).</summary>
    public (long Runs, TimeSpan InRuntime, TimeSpan CpuInRuntime) UnetUsage =>
        (runners.Values.Sum(r => r.Runs), TimeSpan.FromTicks(runners.Values.Sum(r => r.TimeInRuntime.Ticks)), TimeSpan.FromTicks(runners.Values.Sum(r => r.CpuInRuntime.Ticks)));

    public void Dispose()
    {
        foreach (var runner in runners.Values) runner.Dispose();
        Models.Dispose();
    }

    private static (int, int)? FixedUnetLatent(ModelSet models)
    {
        var dims = models.Unet.InputMetadata["sample"].Dimensions;
        return dims[2] > 0 && dims[3] > 0 ? (dims[2], dims[3]) : null;
    }
}
