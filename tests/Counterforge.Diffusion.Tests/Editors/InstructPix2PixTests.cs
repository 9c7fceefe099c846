using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Tests.Models;

namespace Counterforge.Diffusion.Tests.Editors;

/// <summary>InstructPix2Pix on an 8-channel stand-in UNet (noisy latent ‖ image latent).</summary>
public sealed class InstructPix2PixTests : IDisposable
{
    private readonly StandInModel standIn = new(new StandInModelSet { UnetInChannels = 8 });

    public void Dispose() => standIn.Dispose();

    private byte[] Run(DiffusionEditorOptions options, string path, Core.Edits.Edit edit)
    {
        using var editor = new InstructPix2PixEditor(standIn.Model, options);
        return editor.Generate(StandInModel.Sample(path), path, edit).Png;
    }

    [Fact]
    public void DeterministicForASeedAtTheSourcesSize()
    {
        Assert.Equal(8, standIn.Model.Models.Signature.UnetInChannels);
        string path = standIn.WriteBlockImage(80, 48);
        var options = new DiffusionEditorOptions { Steps = 6, Seed = 2 };
        var first = Run(options, path, StandInModel.BackgroundEdit);
        Assert.Equal(first, Run(options, path, StandInModel.BackgroundEdit));
        Assert.NotEqual(first, Run(options with { Seed = 3 }, path, StandInModel.BackgroundEdit));
        var pixels = StandInModel.Pixels(first);
        Assert.Equal((48, 80), (pixels.GetLength(0), pixels.GetLength(1)));
    }

    [Fact]
    public void TheImageConditionAndTheInstructionBothReachTheUnet()
    {
        string path = standIn.WriteBlockImage(64, 64, seed: 1);
        string other = standIn.WriteBlockImage(64, 64, seed: 2, name: "other.png");
        var options = new DiffusionEditorOptions { Steps = 6, Seed = 2, Sampler = SamplerKind.Ddim };
        var baseline = Run(options, path, StandInModel.BackgroundEdit);
        Assert.NotEqual(baseline, Run(options, other, StandInModel.BackgroundEdit));
        Assert.NotEqual(baseline, Run(options, path, StandInModel.NullEdit));
    }
}
