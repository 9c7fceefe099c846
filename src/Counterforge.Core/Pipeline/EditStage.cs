using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;
using Counterforge.Core.Edits;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// Perturbs the captions of the chosen sources, adding one null edit per source as the control, and keeps the result in
/// edits.jsonl, written once every caption is perturbed. A perturber that cannot be reached stops the stage with no
/// edits.jsonl written; one that caches its answers (an LLM endpoint) makes the re-run ask only what failed.
/// </summary>
public static class EditStage
{
    private const int BatchSize = 64;

    public static async Task<IReadOnlyList<Edit>> LoadOrPerturbAsync(RunFolder run, IEnumerable<Sample> sources, ICaptionPerturber perturber, StageProgress progress,
        CancellationToken cancel = default)
    {
        if (File.Exists(run.EditsFile)) return JsonlFile.ReadAll<Edit>(run.EditsFile);
        // A source whose captioning failed was reported then; without a caption there is nothing to edit.
        var items = sources.Where(s => s.Caption is not null)
            .Select(s => (Source: s, Caption: s.Caption!, ClassName: TemplatedCaption.ClassWords(s.Label))).ToList();
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
            throw new StageIncompleteException($"Perturbing stopped: {e.Message}. No edits are recorded ({run.EditsFile} is not written); "
                + "run the perturb stage again once the perturber answers (answers already received are cached and not asked again).", e);
        }
        var all = items.SelectMany((item, i) => proposed[i].Prepend(Edit.Null(item.Source.Id, item.Caption))).ToList();
        var edits = all.DistinctBy(e => e.Id).ToList();
        foreach (var twice in all.GroupBy(e => e.Id).Where(g => g.Count() > 1))
            progress.Info($"perturber '{perturber.Name}' proposed edit '{twice.Key}' {twice.Count()} times (\"{string.Join("\", \"", twice.Select(e => e.Edited))}\"); the first is kept.");
        JsonlFile.WriteAll(run.EditsFile, edits);
        return edits;
    }
}
