using Counterforge.Diffusion.Tests.Tokenizer;
using static Counterforge.Diffusion.Tests.Models.OnnxGraphBuilder;

namespace Counterforge.Diffusion.Tests.Models;

/// <summary>
/// Writes a complete model set of tiny random-weight graphs with Stable Diffusion's real signatures (optimum's
/// layout) into a temp folder. Each knob reproduces one way real exports differ, or one way a set can be broken.
/// </summary>
internal sealed record StandInModelSet
{
    public int HiddenSize { get; init; } = 32;
    public int UnetHiddenSize { get; init; } = 32;
    public int IdsType { get; init; } = I64;
    public string IdsName { get; init; } = "input_ids";
    public int TimestepType { get; init; } = I64;
    /// <summary>Shape of the timestep input: [] is a scalar, [1] or ["batch"].</summary>
    public object[] TimestepDims { get; init; } = [1];
    public bool VaeLatentParameters { get; init; }
    public bool DecoderFloat16 { get; init; }

    public string WriteTo(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "model_index.json"),
            """{"_class_name": "ORTStableDiffusionPipeline", "_diffusers_version": "0.21.0", "unet": ["diffusers", "OnnxRuntimeModel"]}""");
        Directory.CreateDirectory(Path.Combine(directory, "scheduler"));
        File.WriteAllText(Path.Combine(directory, "scheduler", "scheduler_config.json"),
            """{"_class_name": "PNDMScheduler", "beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "set_alpha_to_one": false, "steps_offset": 1, "clip_sample": false}""");
        Directory.CreateDirectory(Path.Combine(directory, "tokenizer"));
        TinyClipVocabulary.WriteTo(Path.Combine(directory, "tokenizer"));
        TextEncoder().Save(Path.Combine(directory, "text_encoder", "model.onnx"));
        Unet().Save(Path.Combine(directory, "unet", "model.onnx"));
        VaeEncoder().Save(Path.Combine(directory, "vae_encoder", "model.onnx"));
        VaeDecoder().Save(Path.Combine(directory, "vae_decoder", "model.onnx"));
        return directory;
    }

    /// <summary>input_ids [B, 77] → last_hidden_state [B, 77, D] = ids · w (broadcast over D).</summary>
    private OnnxGraphBuilder TextEncoder()
    {
        var g = new OnnxGraphBuilder("text_encoder")
            .Input(IdsName, IdsType, "batch", 77)
            .Output("last_hidden_state", F32, "batch", 77, HiddenSize);
        var ids = g.Node("Cast", [IdsName], "ids_float", ("to", F32));
        var column = g.Node("Unsqueeze", [ids, g.Int64s("axis2", 2)], "ids_column");
        g.Node("Mul", [column, g.Weights("embedding", 1, 1, HiddenSize)], "last_hidden_state");
        return g;
    }

    /// <summary>out_sample = Conv1×1(sample) + mean(encoder_hidden_states) + 0.001·timestep, all broadcast per batch item.</summary>
    private OnnxGraphBuilder Unet()
    {
        var g = new OnnxGraphBuilder("unet")
            .Input("sample", F32, "batch", 4, "height", "width")
            .Input("timestep", TimestepType, TimestepDims)
            .Input("encoder_hidden_states", F32, "batch", 77, UnetHiddenSize)
            .Output("out_sample", F32, "batch", 4, "height", "width");
        var conv = g.Node("Conv", ["sample", g.Weights("conv_w", 4, 4, 1, 1), g.Weights("conv_b", 4)], "conv");
        var mean = g.Node("ReduceMean", ["encoder_hidden_states"], "text_mean", ("axes", new long[] { 1, 2 }), ("keepdims", 1));
        var text = g.Node("Unsqueeze", [mean, g.Int64s("axis3", 3)], "text_term");
        var t = g.Node("Cast", ["timestep"], "t_float", ("to", F32));
        var tColumn = g.Node("Reshape", [t, g.Int64s("t_shape", -1, 1, 1, 1)], "t_column");
        var tTerm = g.Node("Mul", [tColumn, g.Weights("t_scale", 1)], "t_term");
        var sum = g.Node("Add", [conv, text], "conv_text");
        g.Node("Add", [sum, tTerm], "out_sample");
        return g;
    }

    /// <summary>sample [B, 3, H, W] → 1×1 conv with stride 8 → latent_sample (4 ch) or latent_parameters (8 ch).</summary>
    private OnnxGraphBuilder VaeEncoder()
    {
        int channels = VaeLatentParameters ? 8 : 4;
        string output = VaeLatentParameters ? "latent_parameters" : "latent_sample";
        var g = new OnnxGraphBuilder("vae_encoder")
            .Input("sample", F32, "batch", 3, "height", "width")
            .Output(output, F32, "batch", channels, "latent_height", "latent_width");
        g.Node("Conv", ["sample", g.Weights("w", channels, 3, 1, 1)], output, ("strides", new long[] { 8, 8 }));
        return g;
    }

    /// <summary>latent_sample [B, 4, h, w] → 8×8 transposed conv → sample [B, 3, 8h, 8w]; optionally float16 at the boundary.</summary>
    private OnnxGraphBuilder VaeDecoder()
    {
        int type = DecoderFloat16 ? F16 : F32;
        var g = new OnnxGraphBuilder("vae_decoder")
            .Input("latent_sample", type, "batch", 4, "latent_height", "latent_width")
            .Output("sample", type, "batch", 3, "height", "width");
        var latent = DecoderFloat16 ? g.Node("Cast", ["latent_sample"], "latent_float", ("to", F32)) : "latent_sample";
        var image = g.Node("ConvTranspose", [latent, g.Weights("w", 4, 3, 8, 8)], DecoderFloat16 ? "image_float" : "sample",
                           ("strides", new long[] { 8, 8 }));
        if (DecoderFloat16) g.Node("Cast", [image], "sample", ("to", F16));
        return g;
    }
}
