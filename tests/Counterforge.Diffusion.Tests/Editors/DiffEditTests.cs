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

    /// <summary>Within one latent cell of the region: where a mask brought to pixel size bilinearly is feathered.</summary>
    private static bool NearRegion(int y, int x) =>
        Enumerable.Range(-8, 17).Any(d => InRegion(Math.Clamp(y + d, 0, 63), x) || InRegion(y, Math.Clamp(x + d, 0, 63)) || InRegion(Math.Clamp(y + d, 0, 63), Math.Clamp(x + d, 0, 63)) || InRegion(Math.Clamp(y + d, 0, 63), Math.Clamp(x - d, 0, 63)));

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
    public void TheMasksNoiseDrawsGiveTheSameMaskWhetherTheyShareUNetCallsOrNot()
    {
        using var randomUnet = new StandInModel(new StandInModelSet());
        string path = randomUnet.WriteBlockImage(64, 64);
        var latent = randomUnet.Model.Vae.Encode(Images.RgbImage.Load(path, 64, 64), 64, 64);
        var masks = new DiffEditMask(randomUnet.Model, new DiffusionEditorOptions { MaskNoiseDraws = 10 });
        double[] Map(int drawsPerCall) => masks.DifferenceMap(latent, StandInModel.SourceCaption, StandInModel.EditedCaption, 481, new Counterforge.Diffusion.Pipeline.GaussianNoise(5), drawsPerCall);
        // Equal up to float rounding: the stand-in's ReduceMean over the text states rounds by batch size (the shipped model's
        // kernels do not: the generation-batching benchmark checks its bytes).
        var alone = Map(1);
        Assert.Contains(alone, v => v > 0);
        foreach (var shared in new[] { Map(3), Map(10) })
            Assert.All(alone.Zip(shared), p => Assert.Equal(p.First, p.Second, 1e-6 * p.First));
        Assert.Equal(DiffEditMask.Threshold(alone, 3, 0.5), DiffEditMask.Threshold(Map(10), 3, 0.5));
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ProtectingTheSubjectEditsEverythingButTheSubjectAndKeepsItsPixels(bool keepSourceDetail)
    {
        // The stand-in's captions matter only in the region, so the caption without "cat" differs from it there: the subject is
        // the region. A red subject on two greens: the colour matte edits the green frame the grown mask leaves, never the red.
        string path = standIn.WriteBlockImage(64, 64, blockColour: (by, bx) => Region[by * 8 + bx] ? new SkiaSharp.SKColor(220, 30, 30)
            : (bx + by) % 2 == 0 ? new SkiaSharp.SKColor(40, 160, 50) : new SkiaSharp.SKColor(60, 140, 40));
        using var editor = new DiffEditEditor(standIn.Model, new DiffusionEditorOptions { Steps = 10, KeepSourceDetail = keepSourceDetail, ProtectSubject = true });
        var result = editor.Generate(StandInModel.Sample(path), path, StandInModel.BackgroundEdit);
        var grown = DiffEditEditor.Grow(new LatentMask(Region.Select(r => r ? 1f : 0f).ToArray(), 8, 8));
        var mask = StandInModel.Pixels(result.MaskPng!);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
                Assert.Equal(grown[y / 8 * 8 + x / 8] == 0, mask[y, x, 0] > 127);
        // The subject's own pixels come back (the colour matte, tested on its own, never takes the red for the greens).
        var source = StandInModel.Pixels(path);
        var output = StandInModel.Pixels(result.Png);
        Assert.All(DdimRoundTripTests.Indices(source).Where(i => InRegion(i.Item1, i.Item2)),
            i => Assert.InRange(Math.Abs(source[i.Item1, i.Item2, i.Item3] - output[i.Item1, i.Item2, i.Item3]), 0, 1));
    }

    [Fact]
    public void ProtectingTheSubjectLeavesAnEditOfTheSubjectsWordsAndACaptionWithoutTheSubjectToThePublishedMask()
    {
        string path = standIn.WriteBlockImage(64, 64);
        var options = new DiffusionEditorOptions { Steps = 10, ProtectSubject = true };
        using var protecting = new DiffEditEditor(standIn.Model, options);
        using var published = new DiffEditEditor(standIn.Model, options with { ProtectSubject = false });
        var colour = new Core.Edits.Edit("img-1", StandInModel.SourceCaption, "a photo of a black cat on grass", "color", null, "black");
        var retinted = protecting.Generate(StandInModel.Sample(path), path, colour);
        Assert.Equal(published.Generate(StandInModel.Sample(path), path, colour).MaskPng, retinted.MaskPng);
        // The subject is re-tinted in place: outside the mask the source's own pixels, inside them the source plus the change.
        var source = StandInModel.Pixels(path);
        var output = StandInModel.Pixels(retinted.Png);
        Assert.All(DdimRoundTripTests.Indices(source).Where(i => !InRegion(i.Item1, i.Item2) && !NearRegion(i.Item1, i.Item2)),
            i => Assert.InRange(Math.Abs(source[i.Item1, i.Item2, i.Item3] - output[i.Item1, i.Item2, i.Item3]), 0, 1));
        Assert.Contains(DdimRoundTripTests.Indices(source), i => InRegion(i.Item1, i.Item2) && Math.Abs(source[i.Item1, i.Item2, i.Item3] - output[i.Item1, i.Item2, i.Item3]) > 5);
        var dog = StandInModel.Sample(path) with { Label = "dog" };
        Assert.Equal(published.Generate(dog, path, StandInModel.BackgroundEdit).MaskPng, protecting.Generate(dog, path, StandInModel.BackgroundEdit).MaskPng);
        Assert.NotEqual(published.ConfigKey, protecting.ConfigKey);
    }

    [Fact]
    public void GrowingAMaskAddsItsEightNeighbours()
    {
        var one = new float[25];
        one[12] = 1;
        var grown = DiffEditEditor.Grow(new LatentMask(one, 5, 5));
        Assert.Equal(9, grown.Count(v => v == 1));
        Assert.All(new[] { 6, 7, 8, 11, 12, 13, 16, 17, 18 }, i => Assert.Equal(1f, grown[i]));
    }

    [Fact]
    public void ThresholdClipsAtRatioTimesTheMeanThenCutsAtHalf()
    {
        // mean 3, clip 9: rescaled 0, 0.14, 0.69, 0.56, 0.28 → 0, 0, 1, 1, 0.
        Assert.Equal([0f, 0f, 1f, 1f, 0f], DiffEditMask.Threshold([0, 1.25, 6.25, 5, 2.5], 3, 0.5));
        Assert.Equal([0f, 0f], DiffEditMask.Threshold([0, 0], 3, 0.5));
    }
}
