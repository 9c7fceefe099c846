using Counterforge.Diffusion.Tests.Tokenizer;
using static Counterforge.Diffusion.Tests.Models.OnnxGraphBuilder;

namespace Counterforge.Diffusion.Tests.Models;

/// <summary>What the stand-in UNet computes (all ignore nothing of the real signature).</summary>
internal enum StandInUnet
{
    /// <summary>Conv1×1(sample) + 0.01·mean(text) + 0.001·w·timestep, the conv near the identity on the latent channels (so ε ≈ the noisy input and sampling stays bounded), random elsewhere.</summary>
    Random,
    /// <summary>0.002·sin(sample) + 0.2·cos(t/250 + φ_c): a known smooth ε that does not depend on the caption.</summary>
    Smooth,
    /// <summary><see cref="Smooth"/> + region · 5·mean(text): captions change the prediction only inside <see cref="StandInModelSet.Region"/>.</summary>
    Region,
}

/// <summary>
/// Writes a complete model set of tiny graphs with Stable Diffusion's real signatures (optimum's layout) into a temp
/// folder. Each knob reproduces one way real exports differ, or one way a set can be broken. The VAE is a block VAE:
/// the encoder averages each 8×8 block and maps RGB to (r, g, b, mean), the decoder maps back and repeats the block,
/// so images made of 8×8 single-colour blocks survive encode → decode exactly.
/// </summary>
internal sealed record StandInModelSet
{
    public const int LatentSize = 8;

    public int HiddenSize { get; init; } = 32;
    public int UnetHiddenSize { get; init; } = 32;
    public int IdsType { get; init; } = I64;
    public string IdsName { get; init; } = "input_ids";
    public int TimestepType { get; init; } = I64;
    /// <summary>Shape of the timestep input: [] is a scalar, [1] or ["batch"].</summary>
    public object[] TimestepDims { get; init; } = [1];
    public bool VaeLatentParameters { get; init; }
    public bool DecoderFloat16 { get; init; }
    /// <summary>Every graph takes and returns float16 (converted inside), as fp16 exports do.</summary>
    public bool Float16 { get; init; }
    public StandInUnet Unet { get; init; } = StandInUnet.Random;
    public int UnetInChannels { get; init; } = 4;
    /// <summary>Latent pixels (row-major, LatentSize²) where <see cref="StandInUnet.Region"/> depends on the caption.</summary>
    public bool[] Region { get; init; } = new bool[LatentSize * LatentSize];
    /// <summary>A file beside unet/model.onnx holding its weights (external data), or null to embed them.</summary>
    public string? UnetExternalData { get; init; }
    /// <summary>optimum writes config.json beside each graph; the onnx-branch exports do not.</summary>
    public bool WriteComponentConfigs { get; init; } = true;
    public string PipelineClass { get; init; } = "ORTStableDiffusionPipeline";
    public string SchedulerJson { get; init; } =
        """{"_class_name": "PNDMScheduler", "beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "set_alpha_to_one": false, "steps_offset": 1, "clip_sample": false}""";

    /// <summary>diffusers' older "onnx" branch exports: int32 ids, float [B] timestep, weights in weights.pb, no per-graph configs, a safety checker.</summary>
    public static StandInModelSet OnnxBranch(StandInUnet unet = StandInUnet.Random) => new()
    {
        IdsType = I32,
        TimestepType = F32,
        TimestepDims = ["batch"],
        UnetExternalData = "weights.pb",
        WriteComponentConfigs = false,
        PipelineClass = "OnnxStableDiffusionPipeline",
        Unet = unet,
    };

    private int FloatType => Float16 ? F16 : F32;

    public string WriteTo(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "model_index.json"),
            $$"""{"_class_name": "{{PipelineClass}}", "_diffusers_version": "0.21.0", "unet": ["diffusers", "OnnxRuntimeModel"]}""");
        Directory.CreateDirectory(Path.Combine(directory, "scheduler"));
        File.WriteAllText(Path.Combine(directory, "scheduler", "scheduler_config.json"), SchedulerJson);
        Directory.CreateDirectory(Path.Combine(directory, "tokenizer"));
        TinyClipVocabulary.WriteTo(Path.Combine(directory, "tokenizer"));
        TextEncoder().Save(Path.Combine(directory, "text_encoder", "model.onnx"));
        UnetGraph().Save(Path.Combine(directory, "unet", "model.onnx"), UnetExternalData);
        VaeEncoder().Save(Path.Combine(directory, "vae_encoder", "model.onnx"));
        VaeDecoder().Save(Path.Combine(directory, "vae_decoder", "model.onnx"));
        if (WriteComponentConfigs)
        {
            File.WriteAllText(Path.Combine(directory, "unet", "config.json"), $$"""{"_class_name": "UNet2DConditionModel", "sample_size": {{LatentSize}}, "in_channels": {{UnetInChannels}}}""");
            File.WriteAllText(Path.Combine(directory, "vae_decoder", "config.json"), """{"_class_name": "AutoencoderKL", "scaling_factor": 0.18215}""");
        }
        else
        {
            Directory.CreateDirectory(Path.Combine(directory, "safety_checker"));
        }
        return directory;
    }

    /// <summary>input_ids [B, 77] → last_hidden_state [B, 77, D] = ids · w (broadcast over D).</summary>
    private OnnxGraphBuilder TextEncoder()
    {
        var g = new OnnxGraphBuilder("text_encoder")
            .Input(IdsName, IdsType, "batch", 77)
            .Output("last_hidden_state", FloatType, "batch", 77, HiddenSize);
        var ids = g.Node("Cast", [IdsName], "ids_float", ("to", F32));
        var column = g.Node("Unsqueeze", [ids, g.Int64s("axis2", 2)], "ids_column");
        var hidden = g.Node("Mul", [column, g.Weights("embedding", 1, 1, HiddenSize)], "hidden");
        FloatOut(g, hidden, "last_hidden_state", Float16);
        return g;
    }

    private OnnxGraphBuilder UnetGraph()
    {
        var g = new OnnxGraphBuilder("unet")
            .Input("sample", FloatType, "batch", UnetInChannels, "height", "width")
            .Input("timestep", TimestepType, TimestepDims)
            .Input("encoder_hidden_states", FloatType, "batch", 77, UnetHiddenSize)
            .Output("out_sample", FloatType, "batch", 4, "height", "width");
        string sample = FloatIn(g, "sample", Float16), states = FloatIn(g, "encoder_hidden_states", Float16);
        var mean = g.Node("ReduceMean", [states], "text_mean", ("axes", new long[] { 1, 2 }), ("keepdims", 1));
        var text = g.Node("Unsqueeze", [mean, g.Int64s("axis3", 3)], "text_term");
        var t = g.Node("Cast", ["timestep"], "t_float", ("to", F32));
        var tColumn = g.Node("Reshape", [t, g.Int64s("t_shape", -1, 1, 1, 1)], "t_column");
        string result = Unet switch
        {
            StandInUnet.Random => RandomUnet(g, sample, text, tColumn),
            StandInUnet.Smooth => SmoothUnet(g, sample, tColumn),
            StandInUnet.Region => g.Node("Add", [SmoothUnet(g, sample, tColumn), RegionTerm(g, text)], "with_region"),
            _ => throw new ArgumentOutOfRangeException(nameof(Unet)),
        };
        FloatOut(g, result, "out_sample", Float16);
        return g;
    }

    private string RandomUnet(OnnxGraphBuilder g, string sample, string text, string tColumn)
    {
        var identity = Enumerable.Range(0, 4 * UnetInChannels).Select(i => i / UnetInChannels == i % UnetInChannels ? 1f : 0f).ToArray();
        var conv = g.Node("Conv", [sample, g.WeightsAround("conv_w", identity, 4, UnetInChannels, 1, 1), g.Weights("conv_b", 4)], "conv");
        // Small text and time terms: they must reach the output without swamping ε ≈ input.
        var tTerm = g.Node("Mul", [tColumn, g.Node("Mul", [g.Weights("t_scale", 1), g.Floats("t_unit", [1], 0.001f)], "t_weight")], "t_term");
        var sum = g.Node("Add", [conv, g.Node("Mul", [text, g.Floats("text_unit", [1], 0.01f)], "text_small")], "conv_text");
        return g.Node("Add", [sum, tTerm], "random_out");
    }

    private string SmoothUnet(OnnxGraphBuilder g, string sample, string tColumn)
    {
        if (UnetInChannels != 4) throw new InvalidOperationException("the smooth stand-in is a 4-channel UNet");
        var sine = g.Node("Mul", [g.Node("Sin", [sample], "sin_x"), g.Floats("sin_scale", [1], 0.002f)], "sine_term");
        var phase = g.Node("Add", [g.Node("Mul", [tColumn, g.Floats("t_rate", [1], 1 / 250f)], "t_scaled"), g.Floats("phase", [1, 4, 1, 1], 0f, 1f, 2f, 3f)], "t_phase");
        var cosine = g.Node("Mul", [g.Node("Cos", [phase], "cos_t"), g.Floats("cos_scale", [1], 0.2f)], "cosine_term");
        return g.Node("Add", [sine, cosine], "smooth_out");
    }

    private string RegionTerm(OnnxGraphBuilder g, string text)
    {
        var region = g.Floats("region", [1, 1, LatentSize, LatentSize], Region.Select(r => r ? 5f : 0f).ToArray());
        return g.Node("Mul", [region, text], "region_term");
    }

    /// <summary>sample [B, 3, H, W] → 8×8 average → (r, g, b, mean) [, zero log-variance] → latent_sample or latent_parameters.</summary>
    private OnnxGraphBuilder VaeEncoder()
    {
        int channels = VaeLatentParameters ? 8 : 4;
        string output = VaeLatentParameters ? "latent_parameters" : "latent_sample";
        var g = new OnnxGraphBuilder("vae_encoder")
            .Input("sample", FloatType, "batch", 3, "height", "width")
            .Output(output, FloatType, "batch", channels, "latent_height", "latent_width");
        var pooled = g.Node("AveragePool", [FloatIn(g, "sample", Float16)], "pooled", ("kernel_shape", new long[] { 8, 8 }), ("strides", new long[] { 8, 8 }));
        float third = 1f / 3;
        float[] rows = [1, 0, 0, 0, 1, 0, 0, 0, 1, third, third, third];
        var weights = g.Floats("to_latent", [channels, 3, 1, 1], [.. rows, .. new float[(channels - 4) * 3]]);
        FloatOut(g, g.Node("Conv", [pooled, weights], "latent"), output, Float16);
        return g;
    }

    /// <summary>latent_sample [B, 4, h, w] → (r, g, b) → each latent pixel repeated over its 8×8 block → sample [B, 3, 8h, 8w].</summary>
    private OnnxGraphBuilder VaeDecoder()
    {
        bool half = Float16 || DecoderFloat16;
        int type = half ? F16 : F32;
        var g = new OnnxGraphBuilder("vae_decoder")
            .Input("latent_sample", type, "batch", 4, "latent_height", "latent_width")
            .Output("sample", type, "batch", 3, "height", "width");
        var rgb = g.Node("Conv", [FloatIn(g, "latent_sample", half), g.Floats("to_rgb", [3, 4, 1, 1], 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0)], "rgb");
        var blocks = g.Node("ConvTranspose", [rgb, g.Floats("repeat", [3, 1, 8, 8], Enumerable.Repeat(1f, 3 * 64).ToArray())], "blocks",
                            ("strides", new long[] { 8, 8 }), ("group", 3));
        FloatOut(g, blocks, "sample", half);
        return g;
    }

    private static string FloatIn(OnnxGraphBuilder g, string input, bool half) =>
        half ? g.Node("Cast", [input], input + "_f32", ("to", F32)) : input;

    private static void FloatOut(OnnxGraphBuilder g, string value, string output, bool half) =>
        g.Node(half ? "Cast" : "Identity", [value], output, half ? [("to", F16)] : []);
}
