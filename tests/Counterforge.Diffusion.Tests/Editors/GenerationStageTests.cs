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
    public async Task DiffEditWritesEachCounterfactualWithItsMask()
    {
        string data = Directory.CreateDirectory(Path.Combine(standIn.Directory, "photos")).FullName;
        var samples = Enumerable.Range(0, 2).Select(i =>
        {
            File.Copy(standIn.WriteBlockImage(64, 64, seed: i, name: $"p{i}.png"), Path.Combine(data, $"p{i}.png"));
            return new Sample($"p{i}", $"p{i}.png", "cat", "test", StandInModel.SourceCaption);
        }).ToList();
        var edits = samples.SelectMany(s => new[] { Edit.Null(s.Id, StandInModel.SourceCaption), StandInModel.BackgroundEdit with { SourceId = s.Id } }).ToList();
        var run = new RunFolder(Path.Combine(standIn.Directory, "run"));
        using var editor = DiffusionEditors.Create(DiffusionEditors.DiffEdit, standIn.Model, new DiffusionEditorOptions { Steps = 6, MaskNoiseDraws = 2 });

        var made = await new GenerationStage(run, new Dataset(data, ["cat"], samples), editor, new AcceptAllFilter(), StageProgress.Silent).GenerateAsync(edits, "generate");

        Assert.Equal(4, made.Count);
        Assert.All(made, c => Assert.True(c.Accepted, c.RejectReason));
        Assert.All(made, c => Assert.True(File.Exists(run.Resolve(c.ImagePath))));
        Assert.All(made, c => Assert.True(c.MaskPath is not null && File.Exists(run.Resolve(c.MaskPath))));
        Assert.Empty(Directory.GetFiles(run.Root, "*.tmp*", SearchOption.AllDirectories));
    }
}
