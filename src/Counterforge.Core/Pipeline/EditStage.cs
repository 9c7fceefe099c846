using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;
using Counterforge.Core.Edits;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// Perturbs the captions of the chosen sources, adding one null edit per source as the control, and keeps the result in
/// edits.jsonl. A perturber that caches its answers (an LLM endpoint) makes a killed run's redo free.
/// </summary>
public static class EditStage
{
    private const int BatchSize = 64;

    public static IReadOnlyList<Edit> LoadOrPerturb(RunFolder run, IEnumerable<Sample> sources, ICaptionPerturber perturber, StageProgress progress)
    {
        if (File.Exists(run.EditsFile)) return JsonlFile.ReadAll<Edit>(run.EditsFile);
        // A source whose captioning failed was reported then; without a caption there is nothing to edit.
        var items = sources.Where(s => s.Caption is not null)
            .Select(s => (Source: s, Caption: s.Caption!, ClassName: TemplatedCaption.ClassWords(s.Label))).ToList();
        var proposed = progress.Run($"Edits ({perturber.Name})", items.Count, p =>
        {
            var all = new List<IReadOnlyList<Edit>>(items.Count);
            foreach (var batch in items.Chunk(BatchSize))
            {
                all.AddRange(perturber is IBatchCaptionPerturber many
                    ? many.PerturbMany(batch)
                    : batch.Select(i => perturber.Perturb(i.Source, i.Caption, i.ClassName)));
                p.Report(all.Count);
            }
            return all;
        });
        var edits = items.SelectMany((item, i) => proposed[i].Prepend(Edit.Null(item.Source.Id, item.Caption))).ToList();
        var duplicate = edits.GroupBy(e => e.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Perturber '{perturber.Name}' proposed edit '{duplicate.Key}' twice.");
        JsonlFile.WriteAll(run.EditsFile, edits);
        return edits;
    }
}
