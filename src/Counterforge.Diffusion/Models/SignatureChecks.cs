using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Diffusion.Models;

/// <summary>
/// The graph signatures the pipeline relies on, one method per graph, each failing with the file and the expectation.
/// Extra inputs or outputs (e.g. the text encoder's pooler_output) are allowed; missing or mistyped ones are not.
/// </summary>
internal static class SignatureChecks
{
    private static readonly TensorElementType[] Floats = GraphInspector.FloatTypes;
    private static readonly TensorElementType[] Ids = [TensorElementType.Int32, TensorElementType.Int64];
    private static readonly TensorElementType[] Timesteps = [TensorElementType.Float, TensorElementType.Float16, TensorElementType.Int64];

    public sealed record TextEncoderFacts(TensorElementType IdsType, TensorElementType FloatType, int? HiddenSize);

    public sealed record UnetFacts(TensorElementType FloatType, TimestepInput Timestep, TensorElementType TimestepType, int? HiddenSize, int? InChannels);

    /// <summary>input_ids int32/int64 [B, 77] → last_hidden_state [B, 77, D].</summary>
    public static TextEncoderFacts TextEncoder(string path, InferenceSession session)
    {
        var graph = new GraphInspector(path, session);
        var ids = graph.Input("input_ids", Ids, 2);
        var hidden = graph.Output("last_hidden_state", Floats, 3);
        return new(ids.ElementDataType, hidden.ElementDataType, Fixed(hidden.Dimensions[2]));
    }

    /// <summary>sample [B, 4|8|9, H, W], timestep float []/[B] or int64 [1], encoder_hidden_states [B, 77, D] → out_sample [B, 4, H, W].</summary>
    public static UnetFacts Unet(string path, InferenceSession session)
    {
        var graph = new GraphInspector(path, session);
        var sample = graph.Input("sample", Floats, 4);
        graph.Dimension("input", "sample", sample, 1, 4, 8, 9);
        var timestep = graph.Input("timestep", Timesteps, 0, 1);
        var states = graph.Input("encoder_hidden_states", Floats, 3);
        var output = graph.Output("out_sample", Floats, 4);
        graph.Dimension("output", "out_sample", output, 1, 4);
        if (states.ElementDataType != sample.ElementDataType || output.ElementDataType != sample.ElementDataType)
            throw graph.Fail($"mixes float types: sample {GraphInspector.Type(sample.ElementDataType)}, " +
                             $"encoder_hidden_states {GraphInspector.Type(states.ElementDataType)}, out_sample {GraphInspector.Type(output.ElementDataType)}");
        var form = (timestep.ElementDataType, timestep.Dimensions.Length) switch
        {
            (TensorElementType.Int64, _) => TimestepInput.Int64,
            (_, 0) => TimestepInput.FloatScalar,
            _ => TimestepInput.FloatPerBatch,
        };
        return new(sample.ElementDataType, form, timestep.ElementDataType, Fixed(states.Dimensions[2]), Fixed(sample.Dimensions[1]));
    }

    /// <summary>sample [B, 3, H, W] → latent_sample (4 channels) or latent_parameters (8 channels: mean ‖ logvar).</summary>
    public static (TensorElementType FloatType, VaeEncoderOutput Output) VaeEncoder(string path, InferenceSession session)
    {
        var graph = new GraphInspector(path, session);
        var image = graph.Input("sample", Floats, 4);
        graph.Dimension("input", "sample", image, 1, 3);
        string name = graph.OutputNamed("latent_sample", "latent_parameters");
        var latent = graph.Output(name, Floats, 4);
        bool parameters = name == "latent_parameters";
        graph.Dimension("output", name, latent, 1, parameters ? 8 : 4);
        return (image.ElementDataType, parameters ? VaeEncoderOutput.LatentParameters : VaeEncoderOutput.LatentSample);
    }

    /// <summary>latent_sample [B, 4, h, w] → sample [B, 3, H, W].</summary>
    public static TensorElementType VaeDecoder(string path, InferenceSession session)
    {
        var graph = new GraphInspector(path, session);
        var latent = graph.Input("latent_sample", Floats, 4);
        graph.Dimension("input", "latent_sample", latent, 1, 4);
        var image = graph.Output("sample", Floats, 4);
        graph.Dimension("output", "sample", image, 1, 3);
        return latent.ElementDataType;
    }

    private static int? Fixed(int dimension) => dimension >= 0 ? dimension : null;
}
