using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Tests;

public sealed class GenerationStageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-gen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes the edited caption as the "image"; refuses captions containing "undrawable".</summary>
    private sealed class TextEditor : IImageEditor
    {
        public int Calls;
        public string Name => "text";
        public string ConfigKey => "v1";

        public Task<EditedImage> GenerateAsync(Sample source, string sourceImagePath, Edit edit, CancellationToken cancel = default)
        {
            Interlocked.Increment(ref Calls);
            if (edit.Edited.Contains("undrawable")) throw new FormatException($"cannot draw 'undrawable' in '{edit.Edited}'");
            return Task.FromResult(new EditedImage(System.Text.Encoding.UTF8.GetBytes(edit.Edited)));
        }
    }

    [Fact]
    public async Task A_failing_item_is_recorded_with_its_reason_the_rest_is_written_and_a_rerun_redoes_nothing()
    {
        var run = new RunFolder(Path.Combine(_dir, "run"));
        var data = new Dataset(Path.Combine(_dir, "data"), ["star"], [new Sample("s1", "s1.png", "star", Splits.Test, "a red star")]);
        var edits = new[]
        {
            Edit.Null("s1", "a red star"),
            new Edit("s1", "a red star", "a blue star", "color", "red", "blue"),
            new Edit("s1", "a red star", "an undrawable star", "color", "red", "undrawable"),
        };
        var editor = new TextEditor();
        var stage = new GenerationStage(run, data, editor, new AcceptAllFilter(), StageProgress.Silent);

        var made = await stage.GenerateAsync(edits, "test");
        Assert.Equal([true, true, false], made.Select(c => c.Accepted));
        Assert.Contains("cannot draw 'undrawable'", made[2].RejectReason);
        Assert.Equal("a blue star", File.ReadAllText(run.Resolve(made[1].ImagePath)));

        var again = await new GenerationStage(run, data, editor, new AcceptAllFilter(), StageProgress.Silent).GenerateAsync(edits, "test");
        Assert.Equal(3, editor.Calls);
        Assert.Equal(made, again);
    }
}
