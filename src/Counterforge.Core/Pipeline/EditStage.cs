using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;
using Counterforge.Core.Edits;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// Perturbs the captions of the chosen sources, adding one null edit per source as the control, and keeps the result in
/// edits.jsonl, written once every caption is perturbed. A perturber that cannot be reached stops the stage with no
/// edits.jsonl written; one that caches its answers (an LLM endpoint) makes the re-run ask only what failed. As shard I of
/// N it perturbs only that shard's sources and writes edits.shard-I-of-N.jsonl once they are done; readers take the shards'
/// files as one edits.jsonl, in the order one process would have written it.
/// </summary>
public static class EditStage
{
    private const int BatchSize = 64;

    public static async Task<IReadOnlyList<Edit>> LoadOrPerturbAsync(RunFolder run, IReadOnlyList<Sample> sources, ICaptionPerturber perturber, StageProgress progress,
        CancellationToken cancel = default, Shard? shard = null)
    {
        var own = shard is { } s ? sources.Where(x => s.Contains(x.Id)).ToList() : sources;
        if (File.Exists(run.EditsFile)) return JsonlFile.ReadAll<Edit>(run.EditsFile).Where(e => shard?.Contains(e.SourceId) ?? true).ToList();
        var ownFile = ShardedLog.PathOf(run.EditsFile, shard);
        if (File.Exists(ownFile)) return JsonlFile.ReadAll<Edit>(ownFile);
        // One process after shards keeps what they made and perturbs only the rest.
        var made = shard is null ? ShardedLog.ShardFiles(run.EditsFile).SelectMany(f => JsonlFile.ReadAll<Edit>(f.Path).GroupBy(e => e.SourceId))
            .DistinctBy(g => g.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<Edit>)g.ToList()) : [];
        // A source whose captioning failed was reported then; without a caption there is nothing to edit.
        var items = own.Where(x => x.Caption is not null && !made.ContainsKey(x.Id))
            .Select(x => (Source: x, Caption: x.Caption!, ClassName: TemplatedCaption.ClassWords(x.Label))).ToList();
        List<IReadOnlyList<Edit>> proposed;
        try
        {
            proposed = await progress.RunAsync($"Edits ({perturber.Name})", items.Count, async p =>
            {
                var all = new List<IReadOnlyList<Edit>>(items.Count);
                foreach (var batch in items.Chunk(BatchSize))
                {
                    all.AddRange(await Task.WhenAll(batch.Select(i => perturber.PerturbAsync(i.Source, i.Caption, i.ClassName, cancel))).ConfigureAwait(false));
                    p.Report(all.Count);
                }
                return all;
            }).ConfigureAwait(false);
        }
        catch (BackendUnavailableException e)
        {
            throw new StageIncompleteException($"Perturbing stopped: {e.Message}. No edits are recorded ({ownFile} is not written); "
                + "run the perturb stage again once the perturber answers (answers already received are cached and not asked again).", e);
        }
        var fresh = items.SelectMany((item, i) => proposed[i].Prepend(Edit.Null(item.Source.Id, item.Caption))).ToList();
        foreach (var twice in fresh.GroupBy(e => e.Id).Where(g => g.Count() > 1))
            progress.Info($"perturber '{perturber.Name}' proposed edit '{twice.Key}' {twice.Count()} times (\"{string.Join("\", \"", twice.Select(e => e.Edited))}\"); the first is kept.");
        var edits = InSourceOrder(made.Values.SelectMany(e => e).Concat(fresh).ToList(), own, keepOthers: true);
        JsonlFile.WriteAll(ownFile, edits);
        return edits;
    }

    /// <summary>
    /// The run's edits: edits.jsonl, or else the files of N shards that together cover every source, in the order one process
    /// writes them (source by source, in the order of <paramref name="sources"/>). With <paramref name="settle"/> (a process
    /// that holds the whole folder) the shards' edits are written to edits.jsonl, which every later reader takes as it is.
    /// </summary>
    /// <exception cref="MissingStageException">No edits at all.</exception>
    /// <exception cref="MissingShardsException">Edits made in shards, some of which have not finished.</exception>
    public static IReadOnlyList<Edit> Read(RunFolder run, IReadOnlyList<Sample> sources, bool settle)
    {
        if (File.Exists(run.EditsFile)) return JsonlFile.ReadAll<Edit>(run.EditsFile);
        var files = ShardedLog.ShardFiles(run.EditsFile);
        if (files.Count == 0) throw new MissingStageException("perturb", run.Root, $"{run.EditsFile} is missing");
        var complete = files.GroupBy(f => f.Shard.Count).FirstOrDefault(g => g.Count() == g.Key);
        if (complete is null)
        {
            var uncovered = sources.Where(x => !files.Any(f => f.Shard.Contains(x.Id))).Select(x => x.Id).ToList();
            throw MissingShardsException.For("perturb", run, run.EditsFile, uncovered, $"{run.EditsFile} is not written and the shards' files do not cover every source")!;
        }
        var edits = InSourceOrder(complete.SelectMany(f => JsonlFile.ReadAll<Edit>(f.Path)).ToList(), sources, keepOthers: true);
        if (settle) JsonlFile.WriteAll(run.EditsFile, edits);
        return edits;
    }

    /// <summary>
    /// Edits grouped by source, sources in the given order, each source's edits in their own order, no edit twice; edits of
    /// other sources follow in their order when <paramref name="keepOthers"/>, else they are left out.
    /// </summary>
    private static List<Edit> InSourceOrder(IReadOnlyList<Edit> edits, IReadOnlyList<Sample> sources, bool keepOthers)
    {
        var position = new Dictionary<string, int>();
        foreach (var source in sources) position.TryAdd(source.Id, position.Count);
        return edits.Where(e => keepOthers || position.ContainsKey(e.SourceId))
            .Select((e, i) => (Edit: e, Order: i))
            .OrderBy(x => position.GetValueOrDefault(x.Edit.SourceId, int.MaxValue)).ThenBy(x => x.Order)
            .Select(x => x.Edit).DistinctBy(e => e.Id).ToList();
    }
}
