using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Pipeline;
using Counterforge.Diffusion.Schedulers;
using Counterforge.Diffusion.Tests.Models;

namespace Counterforge.Diffusion.Tests.Editors;

/// <summary>DDIM inversion then regeneration through ONNX Runtime with a stand-in whose ε is a known smooth function.</summary>
public sealed class DdimRoundTripTests : IDisposable
{
    private readonly StandInModel standIn = new(new StandInModelSet { Unet = StandInUnet.Smooth });

    public void Dispose() => standIn.Dispose();

    private double RoundTripError(int steps)
    {
        var model = standIn.Model;
        var ddim = new DdimScheduler(model.Schedule);
        var plan = ddim.Timesteps(steps);
        var start = Enumerable.Range(0, 4 * 8 * 8).Select(i => (float)Math.Sin(0.37 * i) * 1.5f).ToArray();
        var unet = new TextGuidedUnet(model, 8, 8, StandInModel.SourceCaption, guidance: 1.0);
        var levels = DdimPaths.Invert(ddim, unet, plan, start);
        var x = levels[0];
        BatchDenoising.Run(model, [new DenoiseJob(ddim, plan, StandInModel.SourceCaption, 1.0, x, 8, 8)]);
        return start.Zip(x, (a, b) => (double)Math.Abs(a - b)).Max();
    }

    [Fact]
    public void InvertingThenRegeneratingReturnsTheStartingLatentAndTheErrorShrinksWithSteps()
    {
        double e10 = RoundTripError(10), e25 = RoundTripError(25), e50 = RoundTripError(50);
        Assert.True(e10 > e25 && e25 > e50, $"errors {e10}, {e25}, {e50} should shrink as steps grow");
        Assert.True(e50 < 1e-3, $"50-step round trip error {e50}");
    }

    [Fact]
    public void TheEditorWithGuidanceOneAndTheSameCaptionReturnsTheSourceImage()
    {
        string path = standIn.WriteBlockImage(64, 64);
        using var editor = new DdimInversionEditor(standIn.Model, new DiffusionEditorOptions { Guidance = 1.0, Strength = 1.0 });
        var result = editor.Generate(StandInModel.Sample(path), path, StandInModel.NullEdit);
        var source = StandInModel.Pixels(path);
        var output = StandInModel.Pixels(result.Png);
        int worst = 0;
        foreach (var (y, x, c) in Indices(source)) worst = Math.Max(worst, Math.Abs(source[y, x, c] - output[y, x, c]));
        Assert.True(worst <= 2, $"largest pixel difference {worst}");
    }

    internal static IEnumerable<(int, int, int)> Indices(byte[,,] image)
    {
        for (int y = 0; y < image.GetLength(0); y++)
            for (int x = 0; x < image.GetLength(1); x++)
                for (int c = 0; c < 3; c++) yield return (y, x, c);
    }
}
