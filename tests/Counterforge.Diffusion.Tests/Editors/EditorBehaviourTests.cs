using Counterforge.Core.Generation;
using Counterforge.Core.Edits;
using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Tests.Models;

namespace Counterforge.Diffusion.Tests.Editors;

/// <summary>Every editor on the stand-ins: deterministic for a seed, output at the source's size, and what each preserves.</summary>
public sealed class EditorBehaviourTests : IDisposable
{
    private static readonly bool[] Region = Enumerable.Range(0, 64).Select(i => i / 8 is >= 2 and <= 5 && i % 8 is >= 1 and <= 4).ToArray();

    private readonly StandInModel standIn = new(new StandInModelSet { Unet = StandInUnet.Region, Region = Region });

    public void Dispose() => standIn.Dispose();

    private static DiffusionEditorOptions Fast(int seed = 0) => new() { Seed = seed, Steps = 8, MaskNoiseDraws = 2 };

    [Theory]
    [InlineData(DiffusionEditors.SdEdit)]
    [InlineData(DiffusionEditors.DdimInversion)]
    [InlineData(DiffusionEditors.DiffEdit)]
    [InlineData(DiffusionEditors.VirtualInversion)]
    public void SameSeedGivesTheSameBytesAtTheSourcesSize(string name)
    {
        // The random stand-in accepts any latent size (the region stand-in's region is fixed at 8×8).
        using var randomUnet = new StandInModel(new StandInModelSet());
        string path = randomUnet.WriteBlockImage(96, 64);
        using var first = DiffusionEditors.Create(name, randomUnet.Model, Fast(3));
        using var second = DiffusionEditors.Create(name, randomUnet.Model, Fast(3));
        var a = first.Generate(StandInModel.Sample(path), path, StandInModel.BackgroundEdit);
        var b = second.Generate(StandInModel.Sample(path), path, StandInModel.BackgroundEdit);
        Assert.Equal(a.Png, b.Png);
        var pixels = StandInModel.Pixels(a.Png);
        Assert.Equal((64, 96), (pixels.GetLength(0), pixels.GetLength(1)));
        if (a.MaskPng is { } mask) Assert.Equal((64, 96), (StandInModel.Pixels(mask).GetLength(0), StandInModel.Pixels(mask).GetLength(1)));
    }

    [Theory]
    [InlineData(DiffusionEditors.DdimInversion, false)]
    [InlineData(DiffusionEditors.DiffEdit, false)]
    [InlineData(DiffusionEditors.DiffEdit, true)]
    public void AnEditorsEditsOfOneSourceShareItsInversionAndGiveWhatAFreshEditorGives(string name, bool protectSubject)
    {
        // Inversions and subject masks are kept per source: a later edit of the same source, or of another source between
        // two of its edits, must still give exactly what an editor that never saw anything before gives.
        using var randomUnet = new StandInModel(new StandInModelSet());
        string first = randomUnet.WriteBlockImage(64, 64, seed: 7, name: "first.png");
        string second = randomUnet.WriteBlockImage(64, 64, seed: 8, name: "second.png");
        var options = Fast(3) with { ProtectSubject = protectSubject };
        var edits = new[] { StandInModel.BackgroundEdit, StandInModel.NullEdit, StandInModel.BackgroundEdit with { To = "sand", Edited = "a photo of a cat on sand" } };
        using var reused = DiffusionEditors.Create(name, randomUnet.Model, options);
        foreach (var (path, edit) in new[] { (first, edits[0]), (second, edits[0]), (first, edits[1]), (first, edits[2]), (second, edits[2]), (first, edits[0]) })
        {
            using var fresh = DiffusionEditors.Create(name, randomUnet.Model, options);
            var expected = fresh.Generate(StandInModel.Sample(path), path, edit);
            var made = reused.Generate(StandInModel.Sample(path), path, edit);
            Assert.Equal(expected.Png, made.Png);
            Assert.Equal(expected.MaskPng, made.MaskPng);
        }
    }

    [Theory]
    [InlineData(DiffusionEditors.SdEdit, SamplerKind.Ddim, false)]
    [InlineData(DiffusionEditors.SdEdit, SamplerKind.Euler, false)]
    [InlineData(DiffusionEditors.SdEdit, SamplerKind.Lcm, false)]
    [InlineData(DiffusionEditors.DdimInversion, SamplerKind.Ddim, false)]
    [InlineData(DiffusionEditors.DiffEdit, SamplerKind.Ddim, false)]
    [InlineData(DiffusionEditors.DiffEdit, SamplerKind.Ddim, true)]
    [InlineData(DiffusionEditors.VirtualInversion, SamplerKind.Ddim, false)]
    public void EditsMadeTogetherAreTheBytesEachMakesAloneAndABadSourceFailsAlone(string name, SamplerKind sampler, bool protectSubject)
    {
        using var randomUnet = new StandInModel(new StandInModelSet());
        string square = randomUnet.WriteBlockImage(64, 64, seed: 7, name: "square.png");
        string wide = randomUnet.WriteBlockImage(96, 64, seed: 8, name: "wide.png");
        string missing = Path.Combine(randomUnet.Directory, "missing.png");
        var options = Fast(5) with { Sampler = sampler, ProtectSubject = protectSubject };
        var sand = StandInModel.BackgroundEdit with { To = "sand", Edited = "a photo of a cat on sand" };
        var jobs = new[]
        {
            new EditJob(StandInModel.Sample(square), square, StandInModel.BackgroundEdit),
            new EditJob(StandInModel.Sample(wide) with { Id = "img-2" }, wide, sand),
            new EditJob(StandInModel.Sample(missing), missing, sand),
            new EditJob(StandInModel.Sample(square), square, StandInModel.NullEdit),
            new EditJob(StandInModel.Sample(square), square, sand),
            new EditJob(StandInModel.Sample(wide) with { Id = "img-2" }, wide, StandInModel.BackgroundEdit),
        };
        using var together = DiffusionEditors.Create(name, randomUnet.Model, options);
        var outcomes = together.GenerateMany(jobs);
        Assert.Equal(jobs.Length, outcomes.Count);
        for (int i = 0; i < jobs.Length; i++)
        {
            if (jobs[i].SourceImagePath == missing)
            {
                Assert.Null(outcomes[i].Image);
                Assert.Contains("missing.png", Assert.IsType<InvalidDataException>(outcomes[i].Error).Message);
                continue;
            }
            using var alone = DiffusionEditors.Create(name, randomUnet.Model, options);
            var expected = alone.Generate(jobs[i].Source, jobs[i].SourceImagePath, jobs[i].Edit);
            Assert.Null(outcomes[i].Error);
            StandInModel.AssertSameImage(expected.Png, outcomes[i].Image!.Png);
            Assert.Equal(expected.MaskPng is null, outcomes[i].Image!.MaskPng is null);
            if (expected.MaskPng is not null) StandInModel.AssertSameImage(expected.MaskPng, outcomes[i].Image!.MaskPng!);
        }
    }

    [Fact]
    public void SdEditDependsOnTheSeedAndKeepsMoreOfTheSourceAtLowerStrength()
    {
        string path = standIn.WriteBlockImage(64, 64);
        byte[] Run(int seed, double strength)
        {
            using var editor = new SdEditEditor(standIn.Model, Fast(seed) with { Strength = strength });
            return editor.Generate(StandInModel.Sample(path), path, StandInModel.BackgroundEdit).Png;
        }
        Assert.NotEqual(Run(1, 0.6), Run(2, 0.6));
        var source = StandInModel.Pixels(path);
        double Distance(byte[] png)
        {
            var output = StandInModel.Pixels(png);
            return DdimRoundTripTests.Indices(source).Average(i => Math.Abs(source[i.Item1, i.Item2, i.Item3] - output[i.Item1, i.Item2, i.Item3]));
        }
        double low = Distance(Run(1, 0.2)), high = Distance(Run(1, 0.9));
        Assert.True(low < high, $"mean distance from the source: {low} at strength 0.2, {high} at 0.9");
    }

    [Fact]
    public void VirtualInversionReturnsTheSourceForTheNullEditAndChangesOnlyWhereTheCaptionsDisagree()
    {
        string path = standIn.WriteBlockImage(64, 64);
        var source = StandInModel.Pixels(path);
        // Equal captions and equal guidances: the two branches coincide.
        using var equalGuidance = new VirtualInversionEditor(standIn.Model, new DiffusionEditorOptions { Seed = 5, Guidance = 1.0 });
        var unchanged = StandInModel.Pixels(equalGuidance.Generate(StandInModel.Sample(path), path, StandInModel.NullEdit).Png);
        Assert.All(DdimRoundTripTests.Indices(source), i => Assert.InRange(Math.Abs(source[i.Item1, i.Item2, i.Item3] - unchanged[i.Item1, i.Item2, i.Item3]), 0, 1));

        using var editor = new VirtualInversionEditor(standIn.Model, new DiffusionEditorOptions { Seed = 5 });
        var edited = StandInModel.Pixels(editor.Generate(StandInModel.Sample(path), path, StandInModel.BackgroundEdit).Png);
        int worstOutside = 0, worstInside = 0;
        foreach (var (y, x, c) in DdimRoundTripTests.Indices(source))
        {
            int difference = Math.Abs(source[y, x, c] - edited[y, x, c]);
            if (Region[y / 8 * 8 + x / 8]) worstInside = Math.Max(worstInside, difference);
            else worstOutside = Math.Max(worstOutside, difference);
        }
        Assert.True(worstOutside <= 1, $"outside the region a pixel moved by {worstOutside}");
        Assert.True(worstInside > 5, $"inside the region the largest change is only {worstInside}");
    }

    [Fact]
    public void KeepingSourceDetailReturnsTheSourcesOwnPixelsWhereTheMethodChangedNothing()
    {
        // A source twice the model's size: the decoded image alone would be upsampled; the source's detail must survive.
        using var randomUnet = new StandInModel(new StandInModelSet());
        string path = randomUnet.WriteBlockImage(128, 128);
        var source = StandInModel.Pixels(path);
        var options = new DiffusionEditorOptions { Seed = 5, Guidance = 1.0, KeepSourceDetail = true, Resolution = 64 };
        using var editor = new VirtualInversionEditor(randomUnet.Model, options);
        var unchanged = StandInModel.Pixels(editor.Generate(StandInModel.Sample(path), path, StandInModel.NullEdit).Png);
        Assert.All(DdimRoundTripTests.Indices(source), i => Assert.InRange(Math.Abs(source[i.Item1, i.Item2, i.Item3] - unchanged[i.Item1, i.Item2, i.Item3]), 0, 1));
        Assert.NotEqual(new VirtualInversionEditor(randomUnet.Model, options with { KeepSourceDetail = false }).ConfigKey, editor.ConfigKey);
    }

    [Fact]
    public void VirtualInversionWalksTheLcmPlanByDefault()
    {
        using var editor = new VirtualInversionEditor(standIn.Model, new DiffusionEditorOptions { Steps = 4 });
        Assert.Equal([999, 759, 499, 259], editor.Plan());
    }

    [Fact]
    public void ConfigKeyChangesWithEverySettingAndEditor()
    {
        string Key(string name, DiffusionEditorOptions options)
        {
            using var editor = DiffusionEditors.Create(name, standIn.Model, options);
            return editor.ConfigKey;
        }
        var options = new DiffusionEditorOptions();
        Assert.Equal(Key("sdedit", options), Key("sdedit", new DiffusionEditorOptions()));
        Assert.NotEqual(Key("sdedit", options), Key("sdedit", options with { Steps = 49 }));
        Assert.NotEqual(Key("sdedit", options), Key("sdedit", options with { Seed = 1 }));
        Assert.NotEqual(Key("sdedit", options), Key("sdedit", options with { Strength = 0.61 }));
        Assert.NotEqual(Key("diffedit", options), Key("diffedit", options with { MaskThreshold = 0.4 }));
        Assert.NotEqual(Key("sdedit", options), Key("ddim-inversion", options));
        Assert.Equal(5, DiffusionEditors.Names.Distinct().Count());
    }

    [Fact]
    public void UnknownNamesAndUnsupportedSamplersAreClearErrors()
    {
        var unknown = Assert.Throws<ArgumentException>(() => DiffusionEditors.Create("prompt-to-prompt", standIn.Model, new DiffusionEditorOptions()));
        Assert.Contains("diffedit", unknown.Message);
        string path = standIn.WriteBlockImage(64, 64);
        using var editor = new DiffEditEditor(standIn.Model, new DiffusionEditorOptions { Sampler = SamplerKind.Euler });
        Assert.Contains("DDIM", Assert.Throws<ArgumentException>(() => editor.Generate(StandInModel.Sample(path), path, StandInModel.BackgroundEdit)).Message);
    }

    [Fact]
    public void InstructPix2PixNeedsAnEightChannelUnet()
    {
        string path = standIn.WriteBlockImage(64, 64);
        using var editor = new InstructPix2PixEditor(standIn.Model, Fast());
        var error = Assert.Throws<InvalidOperationException>(() => editor.Generate(StandInModel.Sample(path), path, StandInModel.BackgroundEdit));
        Assert.Contains(Path.Combine("unet", "model.onnx"), error.Message);
        Assert.Contains("8 input channels", error.Message);
    }

    [Theory]
    [InlineData("background", "grass", "snow", "make the background snow")]
    [InlineData("color", "red", "blue", "make it blue")]
    [InlineData("weather", "sunny", "rainy", "make the weather rainy")]
    [InlineData("time", "day", "night", "make it night")]
    public void InstructionsAreDerivedFromTheEdit(string kind, string from, string to, string expected) =>
        Assert.Equal(expected, EditInstruction.For(new Edit("s", "a cat", "a cat", kind, from, to)));

    [Fact]
    public void TheNullEditsInstructionIsEmpty() => Assert.Equal("", EditInstruction.For(StandInModel.NullEdit));
}
