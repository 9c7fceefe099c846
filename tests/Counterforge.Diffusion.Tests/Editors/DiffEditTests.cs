using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Schedulers;
using Counterforge.Diffusion.Tests.Models;

namespace Counterforge.Diffusion.Tests.Editors;

/// <summary>DiffEdit's mask, its published timesteps, and what it preserves, on a stand-in whose captions differ only in a known region.</summary>
public sealed class DiffEditTests : IDisposable
{
    /// <summary>Latent rows 2–5, columns 1–4: 16 of 64 latent pixels, i.e. pixels y 16–47, x 8–39.</summary>
    private static readonly bool[] Region = Enumerable.Range(0, 64).Select(i => i / 8 is >= 2 and <= 5 && i % 8 is >= 1 and <= 4).ToArray();

    private readonly StandInModel standIn = new(new StandInModelSet { Unet = StandInUnet.Region, Region = Region });

    public void Dispose() => standIn.Dispose();

    private static bool InRegion(int y, int x) => Region[y / 8 * 8 + x / 8];

    [Fact]
    public void PublishedDefaultsGiveMaskTimestep481AndForty781To1InpaintSteps()
    {
        var options = new DiffusionEditorOptions();
        Assert.Equal((10, 0.5, 3.0, 0.5), (options.MaskNoiseDraws, options.MaskEncodeStrength, options.MaskThresholdRatio, options.MaskThreshold));
        var (maskTimestep, plan) = DiffEditEditor.Plan(new NoiseSchedule(SchedulerConfig.StableDiffusion15), 50, options.MaskEncodeStrength, 0.8);
        Assert.Equal(481, maskTimestep);
        Assert.Equal(40, plan.Length);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => 781 - 20 * i), plan);
    }

    [Fact]
    public void TheMaskIsTheRegionWhereTheCaptionsPredictionsDiffer()
    {
        string path = standIn.WriteBlockImage(64, 64);
        using var editor = new DiffEditEditor(standIn.Model, new DiffusionEditorOptions { Steps = 20 });
        var result = editor.Generate(StandInModel.Sample(path), path, StandInModel.BackgroundEdit);
        Assert.NotNull(result.MaskPng);
        var mask = StandInModel.Pixels(result.MaskPng!);
        Assert.Equal((64, 64), (mask.GetLength(0), mask.GetLength(1)));
        int both = 0, either = 0;
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
            {
                bool masked = mask[y, x, 0] > 127, expected = InRegion(y, x);
                both += masked && expected ? 1 : 0;
                either += masked || expected ? 1 : 0;
            }
        Assert.True((double)both / either >= 0.95, $"IoU {(double)both / either}");
    }

    [Fact]
    public void PixelsOutsideTheMaskArePreservedAndInsideTheyChange()
    {
        string path = standIn.WriteBlockImage(64, 64);
        using var editor = new DiffEditEditor(standIn.Model, new DiffusionEditorOptions { Steps = 20 });
        var output = StandInModel.Pixels(editor.Generate(StandInModel.Sample(path), path, StandInModel.BackgroundEdit).Png);
        var source = StandInModel.Pixels(path);
        int worstOutside = 0, worstInside = 0;
        foreach (var (y, x, c) in DdimRoundTripTests.Indices(source))
        {
            int difference = Math.Abs(source[y, x, c] - output[y, x, c]);
            if (InRegion(y, x)) worstInside = Math.Max(worstInside, difference);
            else worstOutside = Math.Max(worstOutside, difference);
        }
        Assert.True(worstOutside <= 1, $"outside the mask a pixel moved by {worstOutside}");
        Assert.True(worstInside > 5, $"inside the mask the largest change is only {worstInside}");
    }

    [Fact]
    public void TheNullEditHasAnEmptyMaskAndReturnsTheSource()
    {
        string path = standIn.WriteBlockImage(64, 64);
        using var editor = new DiffEditEditor(standIn.Model, new DiffusionEditorOptions { Steps = 10 });
        var result = editor.Generate(StandInModel.Sample(path), path, StandInModel.NullEdit);
        Assert.All(StandInModel.Pixels(result.MaskPng!).Cast<byte>(), v => Assert.Equal(0, v));
        var source = StandInModel.Pixels(path);
        var output = StandInModel.Pixels(result.Png);
        Assert.All(DdimRoundTripTests.Indices(source), i => Assert.InRange(Math.Abs(source[i.Item1, i.Item2, i.Item3] - output[i.Item1, i.Item2, i.Item3]), 0, 1));
    }

    [Fact]
    public void ThresholdClipsAtRatioTimesTheMeanThenCutsAtHalf()
    {
        // mean 3, clip 9: rescaled 0, 0.14, 0.69, 0.56, 0.28 → 0, 0, 1, 1, 0.
        Assert.Equal([0f, 0f, 1f, 1f, 0f], DiffEditMask.Threshold([0, 1.25, 6.25, 5, 2.5], 3, 0.5));
        Assert.Equal([0f, 0f], DiffEditMask.Threshold([0, 0], 3, 0.5));
    }
}
