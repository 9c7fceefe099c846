using Counterforge.Core.Captions;
using Counterforge.Core.Data;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// One image's caption, or why it has none. <see cref="Templated"/>: made from the class name because the image had none.
/// <see cref="Problem"/>: the captioner answered but nothing usable came of this image (it is left out of the edits).
/// </summary>
public sealed record CaptionRecord(string SampleId, string? Caption, string Captioner, bool Templated = false, string? Problem = null);

/// <summary>
/// Captions the sources the loop perturbs and keeps them in captions.jsonl, appended in chunks so a killed run keeps what
/// it finished. An image the captioner cannot caption is recorded with its problem and left out of the edits; a captioner
/// that cannot be reached stops the stage with nothing recorded for the images it did not do, so a re-run does them. As
/// shard I of N it captions only that shard's sources, into captions.shard-I-of-N.jsonl.
/// </summary>
public static class CaptionStage
{
    private const int AppendEvery = 16;

    /// <summary>Requests in flight at once: an endpoint bounds its own further, a local model shares the cores.</summary>
    private const int Concurrency = 4;

    public static async Task<IReadOnlyList<CaptionRecord>> LoadOrCaptionAsync(RunFolder run, Dataset data, IReadOnlyList<Sample> sources, ICaptioner captioner,
        StageProgress progress, CancellationToken cancel = default, Shard? shard = null)
    {
        if (shard is { } own) sources = sources.Where(s => own.Contains(s.Id)).ToList();
        var key = $"{captioner.Name}:{captioner.ConfigKey}";
        var records = ShardedLog.PathOf(run.CaptionsFile, shard);
        var done = ShardedLog.ReadLogForAppend<CaptionRecord>(run.CaptionsFile, shard, progress.Info)
            .Where(c => c.Captioner == key).GroupBy(c => c.SampleId).ToDictionary(g => g.Key, g => g.Last());
        var todo = sources.Where(s => !done.ContainsKey(s.Id)).DistinctBy(s => s.Id).ToList();
        BackendUnavailableException? unavailable = null;
        if (todo.Count > 0)
        {
            await progress.RunAsync($"Captions ({captioner.Name})", todo.Count, async p =>
            {
                int finished = 0;
                foreach (var chunk in todo.Chunk(AppendEvery))
                {
                    var results = new CaptionRecord?[chunk.Length];
                    await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Length), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancel },
                        async (i, token) =>
                        {
                            try
                            {
                                results[i] = await CaptionOneAsync(data, chunk[i], captioner, key, token).ConfigureAwait(false);
                            }
                            catch (BackendUnavailableException e)
                            {
                                Interlocked.CompareExchange(ref unavailable, e, null);
                            }
                        }).ConfigureAwait(false);
                    var made = results.OfType<CaptionRecord>().ToList();
                    JsonlFile.Append(records, made);
                    foreach (var c in made)
                    {
                        done[c.SampleId] = c;
                        if (c.Problem is not null) progress.Info($"caption failed for {c.SampleId}: {c.Problem}; the image is left out of the edits.");
                    }
                    p.Report(finished += chunk.Length);
                    if (unavailable is not null) return;
                }
            }).ConfigureAwait(false);
        }
        if (unavailable is not null)
        {
            int captioned = sources.Count(s => done.ContainsKey(s.Id));
            throw new StageIncompleteException($"Captioning stopped: {unavailable.Message}. {captioned} of {sources.Count} images are done and kept in "
                + $"{records}; nothing is recorded for the rest: run the caption stage again once the captioner answers.", unavailable);
        }
        return sources.Where(s => done.ContainsKey(s.Id)).Select(s => done[s.Id]).DistinctBy(c => c.SampleId).ToList();
    }

    /// <summary>
    /// The dataset with the run's captions in place of the manifest's, once every one of <paramref name="sources"/> has
    /// its caption record; a source whose captioning failed has no caption (nothing to edit), every other sample keeps its own.
    /// </summary>
    public static Dataset Apply(RunFolder run, Dataset data, IReadOnlyList<Sample> sources, StageProgress progress)
    {
        if (ShardedLog.Files(run.CaptionsFile).Count == 0)
            throw new InvalidOperationException($"{run.CaptionsFile} is missing: run `counterforge caption --out {run.Root}` first.");
        var records = ShardedLog.ReadLog<CaptionRecord>(run.CaptionsFile, progress.Info).GroupBy(c => c.SampleId).ToDictionary(g => g.Key, g => g.Last());
        var missing = sources.DistinctBy(s => s.Id).Where(s => !records.ContainsKey(s.Id)).Select(s => s.Id).ToList();
        if (missing.Count > 0)
        {
            var what = $"{run.CaptionsFile}: {missing.Count} of the {sources.DistinctBy(s => s.Id).Count()} images to edit have no caption yet";
            throw MissingShardsException.For("caption", run, run.CaptionsFile, missing, what) ?? new InvalidOperationException(
                $"{what} (the caption stage did not finish): run `counterforge caption --out {run.Root}` first; it resumes.");
        }
        var sourceIds = sources.Select(s => s.Id).ToHashSet();
        return data.WithSamples(data.Samples.Select(s => records.TryGetValue(s.Id, out var c) ? s with { Caption = c.Caption }
            : sourceIds.Contains(s.Id) ? s with { Caption = null } : s).ToList());
    }

    private static async Task<CaptionRecord> CaptionOneAsync(Dataset data, Sample sample, ICaptioner captioner, string key, CancellationToken cancel)
    {
        try
        {
            var text = (await captioner.CaptionAsync(sample, data.FullPath(sample), sample.Label, cancel).ConfigureAwait(false)).Trim();
            if (text.Length == 0) throw new InvalidDataException("the captioner returned an empty caption");
            bool templated = captioner is ITemplatingCaptioner templating && templating.IsTemplated(sample);
            return new CaptionRecord(sample.Id, text, key, templated);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            return new CaptionRecord(sample.Id, null, key, Problem: e.Message);
        }
    }
}
