using Counterforge.Diffusion.Models;
using Counterforge.Diffusion.Pipeline;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.SceneModels.Tests;

/// <summary>The shipped miniature model set (models/scenes-sd) opens through the same loader as a real SD 1.x export.</summary>
public sealed class ShippedModelSetTests
{
    [Fact]
    public void LoadsThroughTheOptimumLayoutLoaderWithSd1Signatures()
    {
        using var models = ModelSet.Load(ScenesModelSet.DefaultDirectory);
        Assert.Equal(new ModelSetSignature(TensorElementType.Float, TensorElementType.Int32, TimestepInput.Int64, TensorElementType.Int64,
            TextHiddenSize: 64, UnetInChannels: 4, VaeEncoderOutput.LatentParameters), models.Signature);
        Assert.Equal(77, models.Tokenizer.Length);
        Assert.Equal("epsilon", models.SchedulerConfig.PredictionType.ToString().ToLowerInvariant());
    }

    [Fact]
    public void RunsAt64PixelsWithAn8By8Latent()
    {
        using var model = StableDiffusion.Load(ScenesModelSet.DefaultDirectory);
        Assert.Equal(64, model.Resolution);
        var latent = model.Vae.Encode(new float[3 * 64 * 64], 64, 64);
        Assert.Equal((8, 8, 256), (latent.Height, latent.Width, latent.Length));
        Assert.Equal((64, 64), model.ModelImageSize(128, 128));
    }
}
