using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;
using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Tests.Models;

namespace Counterforge.Diffusion.Tests.Editors;

/// <summary>DiffEdit inside the real generation stage: a folder of photos needs no mask and no bank, and the mask is saved beside the counterfactual.</summary>
public sealed class GenerationStageTests : IDisposable
{
    private static readonly bool[] Region = Enumerable.Range(0, 64).Select(i => i % 8 < 3).ToArray();
    private readonly StandInModel standIn = new(new StandInModelSet { Unet = StandInUnet.Region, Region = Region });

    public void Dispose() => standIn.Dispose();

    [Fact]
    public async Task DiffEditWritesEachCounterfactualWithItsMaskAndABadSourceIsRejectedAlone()
    {
        string data = Directory.CreateDirectory(Path.Combine(standIn.Directory, "photos")).FullName;
        var samples = Enumerable.Range(0, 2).Select(i =>
        {
            File.Copy(standIn.WriteBlockImage(64, 64, seed: i, name: $"p{i}.png"), Path.Combine(data, $"p{i}.png"));
            return new Sample($"p{i}", $"p{i}.png", "cat", "test", StandInModel.SourceCaption);
        }).ToList();
        var edits = samples.SelectMany(s => new[] { Edit.Null(s.Id, StandInModel.SourceCaption), StandInModel.BackgroundEdit with { SourceId = s.Id } }).ToList();
        // Sources whose files are gone: each is rejected with its reason, the rest of their batch made.
        var bad = new[] { new Sample("gone", "gone.png", "cat", "test", StandInModel.SourceCaption), new Sample("lost", "lost.png", "cat", "test", StandInModel.SourceCaption) };
        var badEdits = bad.Select(s => StandInModel.BackgroundEdit with { SourceId = s.Id }).ToList();
        var run = new RunFolder(Path.Combine(standIn.Directory, "run"));
        using var editor = DiffusionEditors.Create(DiffusionEditors.DiffEdit, standIn.Model, new DiffusionEditorOptions { Steps = 6, MaskNoiseDraws = 2 });

        var made = await new GenerationStage(run, new Dataset(data, ["cat"], [.. samples, .. bad]), editor, new AcceptAllFilter(), StageProgress.Silent)
            .GenerateAsync([edits[0], edits[1], badEdits[0], edits[2], badEdits[1], edits[3]], "generate");

        Assert.Equal(6, made.Count);
        var refused = made.Where(c => !c.Accepted).ToList();
        Assert.Equal(["gone", "lost"], refused.Select(c => c.SourceId));
        Assert.All(refused, c => Assert.StartsWith("generation failed:", c.RejectReason));
        Assert.Contains("lost.png", refused[1].RejectReason);
        made = made.Where(c => c.Accepted).ToList();
        // Made in one batch, each image is the one the editor makes of it alone.
        using var alone = DiffusionEditors.Create(DiffusionEditors.DiffEdit, standIn.Model, new DiffusionEditorOptions { Steps = 6, MaskNoiseDraws = 2 });
        Assert.All(made, c => StandInModel.AssertSameImage(alone.Generate(samples.Single(s => s.Id == c.SourceId), Path.Combine(data, $"{c.SourceId}.png"), edits.Single(e => e.Id == c.EditId)).Png,
            File.ReadAllBytes(run.Resolve(c.ImagePath))));
        Assert.All(made, c => Assert.True(File.Exists(run.Resolve(c.ImagePath))));
        Assert.All(made, c => Assert.True(c.MaskPath is not null && File.Exists(run.Resolve(c.MaskPath))));
        Assert.Empty(Directory.GetFiles(run.Root, "*.tmp*", SearchOption.AllDirectories));
    }
}
