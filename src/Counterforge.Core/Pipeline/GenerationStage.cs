using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// Generates and filters counterfactual images. Each image is written atomically before its record is appended to
/// counterfactuals.jsonl, so a killed run resumes with every finished item kept and nothing half-written. As shard I of N it
/// makes only the edits of the sources in that shard and appends to a file of its own (counterfactuals.shard-I-of-N.jsonl);
/// what any process made before counts as done. Every image is seeded by its own item, never by the order items come in,
/// so N shards make the same files as one process (a batch editor's, exactly where its kernels are batch-invariant, see
/// <see cref="IBatchImageEditor"/>). A reference stage (<paramref name="reference"/>) keeps a second editor's
/// images of the same edits apart, in counterfactuals.reference.jsonl and images/reference/.
/// </summary>
public sealed class GenerationStage(RunFolder run, Dataset data, IImageEditor editor, ICounterfactualFilter filter, StageProgress progress, Shard? shard = null,
    bool reference = false)
{
    private const int AppendEvery = 32;
    private readonly string _editorKey = $"{editor.Name}:{editor.ConfigKey}";

    /// <summary>The file this process appends its records to.</summary>
    public string RecordsFile => ShardedLog.PathOf(LogFile, shard);

    private string LogFile => reference ? run.ReferenceCounterfactualsFile : run.CounterfactualsFile;

    /// <summary>The counterfactuals of <paramref name="edits"/> (of this shard's sources only, when sharded), made now or before.</summary>
    public async Task<IReadOnlyList<Counterfactual>> GenerateAsync(IReadOnlyList<Edit> edits, string stage, CancellationToken cancel = default)
    {
        if (shard is { } own) edits = edits.Where(e => own.Contains(e.SourceId)).ToList();
        var done = ShardedLog.ReadLogForAppend<Counterfactual>(LogFile, shard, progress.Info)
            .Where(c => c.Editor == _editorKey && (!c.Accepted || File.Exists(run.Resolve(c.ImagePath))))
            .GroupBy(c => c.EditId).ToDictionary(g => g.Key, g => g.Last());
        var todo = edits.Where(e => !done.ContainsKey(e.Id)).DistinctBy(e => e.Id).ToList();
        if (todo.Count > 0)
        {
            var samples = data.Samples.ToDictionary(s => s.Id);
            await progress.RunAsync(stage, todo.Count, async p =>
            {
                int finished = 0;
                foreach (var chunk in todo.Chunk(AppendEvery))
                {
                    var made = new Counterfactual[chunk.Length];
                    var images = await MakeImagesAsync(samples, chunk, cancel).ConfigureAwait(false);
                    await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Length),
                        new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel },
                        async (i, token) => made[i] = await GenerateOneAsync(samples, chunk[i], images?[i], token).ConfigureAwait(false)).ConfigureAwait(false);
                    JsonlFile.Append(RecordsFile, made);
                    foreach (var c in made) done[c.EditId] = c;
                    p.Report(finished += chunk.Length);
                }
            }).ConfigureAwait(false);
        }
        return edits.Select(e => done[e.Id]).ToList();
    }

    /// <summary>A batch editor's images of a chunk's edits, made together; null for an editor that makes one at a time.</summary>
    private async Task<IReadOnlyList<EditOutcome>?> MakeImagesAsync(Dictionary<string, Sample> samples, Edit[] chunk, CancellationToken cancel)
    {
        if (editor is not IBatchImageEditor batch) return null;
        // The dataset checked every sample's path when it was made: resolving one here cannot fail.
        var jobs = chunk.Select(edit => SourceOf(samples, edit)).Select((source, i) => new EditJob(source, data.FullPath(source), chunk[i])).ToList();
        return await batch.GenerateManyAsync(jobs, cancel).ConfigureAwait(false);
    }

    private Sample SourceOf(Dictionary<string, Sample> samples, Edit edit) => samples.TryGetValue(edit.SourceId, out var source) ? source
        : throw new InvalidDataException($"{run.EditsFile}: edit '{edit.Id}' names source '{edit.SourceId}', which is not in the dataset.");

    /// <param name="made">The image, made beforehand with the rest of its chunk; null to make it now.</param>
    private async Task<Counterfactual> GenerateOneAsync(Dictionary<string, Sample> samples, Edit edit, EditOutcome? made, CancellationToken cancel)
    {
        var source = SourceOf(samples, edit);
        var relative = run.CounterfactualImage(edit.Id, reference);
        try
        {
            var sourcePath = data.FullPath(source);
            var image = made?.Unwrap() ?? await editor.GenerateAsync(source, sourcePath, edit, cancel).ConfigureAwait(false);
            var decision = await filter.CheckAsync(source, sourcePath, edit, image.Png, cancel).ConfigureAwait(false);
            string? mask = null;
            if (image.MaskPng is { } maskPng)
            {
                mask = run.CounterfactualMask(edit.Id, reference);
                AtomicFile.WriteAllBytes(run.Resolve(mask), maskPng);
            }
            AtomicFile.WriteAllBytes(run.Resolve(relative), image.Png);
            return new Counterfactual(edit.Id, edit.SourceId, edit.Kind, edit.From, edit.To, relative, _editorKey,
                decision.Accepted, decision.Reason, mask, decision.Scores);
        }
        catch (EditRefusedException e)
        {
            return new Counterfactual(edit.Id, edit.SourceId, edit.Kind, edit.From, edit.To, relative, _editorKey, false, $"refused by {editor.Name}: {e.Message}");
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or FormatException)
        {
            // One bad item must not stop the run: it is recorded as rejected with the reason, and never used.
            return new Counterfactual(edit.Id, edit.SourceId, edit.Kind, edit.From, edit.To, relative, _editorKey, false, $"generation failed: {e.Message}");
        }
    }
}
