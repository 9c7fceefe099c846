using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Diffusion.Models;

/// <summary>How a timestep must be fed to this UNet export.</summary>
public enum TimestepInput
{
    /// <summary>float (or float16) scalar, shape [].</summary>
    FloatScalar,
    /// <summary>float (or float16) per batch item, shape [B].</summary>
    FloatPerBatch,
    /// <summary>int64, shape [1] (or []).</summary>
    Int64,
}

/// <summary>How the VAE encoder reports its latent distribution.</summary>
public enum VaeEncoderOutput
{
    /// <summary><c>latent_sample</c>: an already-sampled 4-channel latent.</summary>
    LatentSample,
    /// <summary><c>latent_parameters</c>: 8 channels, mean ‖ log-variance; the pipeline takes the mean or samples.</summary>
    LatentParameters,
}

/// <summary>
/// What the model set's graphs were found to expect, read from their metadata on load. Differences between exports
/// (timestep form, id width, VAE output, precision, text width) are recorded here instead of being assumed.
/// </summary>
/// <param name="FloatType">float32 or float16, the same for all four graphs.</param>
/// <param name="TextHiddenSize">768 for SD 1.x, 1024 for SD 2.x; null when every graph leaves it symbolic.</param>
/// <param name="UnetInChannels">4 (text-to-image), 8 (InstructPix2Pix) or 9 (inpainting); null when symbolic.</param>
public sealed record ModelSetSignature(
    TensorElementType FloatType,
    TensorElementType InputIdsType,
    TimestepInput Timestep,
    TensorElementType TimestepType,
    int? TextHiddenSize,
    int? UnetInChannels,
    VaeEncoderOutput VaeEncoderOutput);
