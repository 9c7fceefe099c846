using Counterforge.Core.Captions;
using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Tests;

public sealed class CaptionAndEditStageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-stages-").FullName;
    private readonly RunFolder _run;
    private readonly Dataset _data;

    public CaptionAndEditStageTests()
    {
        _run = new RunFolder(Path.Combine(_dir, "run"));
        var root = Directory.CreateDirectory(Path.Combine(_dir, "data")).FullName;
        var samples = Enumerable.Range(0, 40).Select(i => new Sample($"s{i:00}", $"s{i:00}.png", "star", Splits.Train)).ToList();
        foreach (var s in samples) File.WriteAllBytes(Path.Combine(root, s.ImagePath), [1]);
        _data = new Dataset(root, ["star"], samples);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Captions "a star N"; the server is down for the ids in <see cref="Down"/>; sample s13's image is unusable.</summary>
    private sealed class FlakyCaptioner : ICaptioner
    {
        public HashSet<string> Down { get; init; } = [];
        public List<string> Asked { get; } = [];
        public string Name => "flaky";
        public string ConfigKey => "v1";

        public Task<string> CaptionAsync(Sample sample, string imagePath, string className, CancellationToken cancel = default)
        {
            lock (Asked) Asked.Add(sample.Id);
            if (Down.Contains(sample.Id)) throw new BackendUnavailableException("http://127.0.0.1:1 (m): HTTP 401: bad key");
            if (sample.Id == "s13") throw new InvalidDataException($"{imagePath}: not an image");
            return Task.FromResult($"a star {sample.Id}");
        }
    }

    [Fact]
    public async Task A_captioner_that_cannot_be_reached_stops_the_stage_records_nothing_for_what_it_missed_and_a_rerun_does_only_that()
    {
        var sources = _data.Samples;
        var failing = new FlakyCaptioner { Down = ["s20", "s21"] };

        var error = await Assert.ThrowsAsync<StageIncompleteException>(() => CaptionStage.LoadOrCaptionAsync(_run, _data, sources, failing, StageProgress.Silent));

        Assert.Contains("HTTP 401", error.Message);
        var recorded = JsonlFile.ReadLog<CaptionRecord>(_run.CaptionsFile).Select(c => c.SampleId).ToList();
        Assert.DoesNotContain("s20", recorded);
        Assert.DoesNotContain("s21", recorded);
        Assert.Throws<InvalidOperationException>(() => CaptionStage.Apply(_run, _data, sources, StageProgress.Silent));

        var working = new FlakyCaptioner();
        var all = await CaptionStage.LoadOrCaptionAsync(_run, _data, sources, working, StageProgress.Silent);

        Assert.DoesNotContain("s00", working.Asked);
        Assert.Contains("s20", working.Asked);
        Assert.Equal(40, all.Count);
        var unusable = Assert.Single(all, c => c.Problem is not null);
        Assert.Equal("s13", unusable.SampleId);
        var captioned = CaptionStage.Apply(_run, _data, sources, StageProgress.Silent);
        Assert.Null(captioned.Samples.Single(s => s.Id == "s13").Caption);
        Assert.Equal("a star s20", captioned.Samples.Single(s => s.Id == "s20").Caption);
    }

    [Fact]
    public async Task Half_finished_captions_are_refused_before_perturbing_naming_how_many_are_missing()
    {
        var sources = _data.Samples;
        await CaptionStage.LoadOrCaptionAsync(_run, _data, sources, new FlakyCaptioner(), StageProgress.Silent);
        File.WriteAllLines(_run.CaptionsFile, File.ReadAllLines(_run.CaptionsFile).Take(16));

        var error = Assert.Throws<InvalidOperationException>(() => CaptionStage.Apply(_run, _data, sources, StageProgress.Silent));

        Assert.Contains("24 of the 40 images", error.Message);
    }

    private sealed class UnreachablePerturber : ICaptionPerturber
    {
        public string Name => "llm";

        public Task<IReadOnlyList<Edit>> PerturbAsync(Sample source, string caption, string className, CancellationToken cancel = default) =>
            source.Id == "s05" ? throw new BackendUnavailableException("HTTP 401")
                : Task.FromResult<IReadOnlyList<Edit>>([new Edit(source.Id, caption, caption + " on sand", "background", "", "sand")]);
    }

    [Fact]
    public async Task A_perturber_that_cannot_be_reached_leaves_no_edits_file_so_a_rerun_perturbs_everything()
    {
        var sources = _data.Samples.Select(s => s with { Caption = "a star" }).ToList();

        var error = await Assert.ThrowsAsync<StageIncompleteException>(() => EditStage.LoadOrPerturbAsync(_run, sources, new UnreachablePerturber(), StageProgress.Silent));

        Assert.Contains("HTTP 401", error.Message);
        Assert.False(File.Exists(_run.EditsFile));
    }
}
