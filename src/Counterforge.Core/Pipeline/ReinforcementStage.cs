using Counterforge.Core.Metrics;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;
using Rows = Counterforge.Core.Reinforcement.ReinforcementRow;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// Stage 2: for each budget K, each selection's K images (extra originals, random and targeted counterfactuals of train
/// sources, group-balanced validation images...) and each method that can use them (the paper's last layer, a full
/// fine-tune, DFR, a user's own), same seed, same budget, judged on test originals and on counterfactuals of test sources
/// against the baseline. Each finished row is kept on disk, with its model's prediction on every judged image, before the
/// next begins.
/// </summary>
public sealed class ReinforcementStage(ReinforcementContext context, ReinforcementRegistries registries)
{
    /// <summary>The baseline's predictions on the test originals and counterfactuals, as the stress test recorded them.</summary>
    private Dictionary<string, PredictionRecord>? _baselineTest;

    public async Task<IReadOnlyList<Rows>> RunAsync(CancellationToken cancel = default)
    {
        var (run, settings) = (context.Run, context.Settings);
        var methods = (settings.Methods ?? registries.Methods.Defaults).Select(registries.Methods.Create).ToList();
        var selections = (settings.Selections ?? registries.Selections.Defaults).Select(registries.Selections.Create).ToList();
        var rows = new List<Rows> { BaselineRow(context.Before) };
        MeasureCeiling(cancel);
        _baselineTest = JsonlFile.ReadAll<PredictionRecord>(run.Predictions($"{settings.ModelTag}-{Data.Splits.Test}")).ToDictionary(p => p.ImageId);

        foreach (int k in settings.Budgets)
            foreach (var selection in selections)
            {
                var users = methods.Where(m => m.Accepts(selection) && !File.Exists(run.Reinforcement(KeyOf(m.Name, selection.Name, k)))).ToList();
                // Selecting costs generated images: it runs only when some method still needs its images.
                AddedImages? added = users.Count == 0 ? null : await selection.SelectAsync(context, k, cancel).ConfigureAwait(false);
                if (added is not null && added.Images.Count == 0)
                {
                    context.Progress.Info($"{selection.Name}: no images to add at K = {k} ({added.Note ?? "no accepted counterfactuals"}); skipped.");
                    continue;
                }
                if (added is not null && added.Images.Count < k) context.Progress.Info($"{selection.Name}: only {added.Images.Count} of K = {k} images available.");
                foreach (var method in methods)
                {
                    var path = run.Reinforcement(KeyOf(method.Name, selection.Name, k));
                    if (File.Exists(path))
                    {
                        rows.Add(Json.ReadFile<Rows>(path));
                        continue;
                    }
                    if (!method.Accepts(selection)) continue;
                    cancel.ThrowIfCancellationRequested();
                    var repair = await method.RepairAsync(context, added!, selection.Name, k, cancel).ConfigureAwait(false);
                    rows.Add(Keep(method.Name, selection.Name, k, repair, added!));
                }
            }
        return rows;
    }

    /// <summary>The feature ceiling, measured once per run folder and kept beside the rows (it needs only the baseline and validation).</summary>
    private void MeasureCeiling(CancellationToken cancel)
    {
        var path = context.Run.FeatureCeiling(context.Settings.ModelTag);
        if (File.Exists(path)) return;
        if (context.Validation.Counterfactuals.Count == 0 || context.Validation.Pool.Count == 0)
        {
            context.Progress.Info("Feature ceiling: no validation counterfactuals of the targeted kinds were accepted; not measured.");
            return;
        }
        var ceiling = FeatureCeiling.Measure(context, cancel);
        Json.WriteFile(path, ceiling);
        context.Progress.Info($"Feature ceiling: {ceiling.Describe()}.");
    }

    /// <summary>The baseline itself as a row: no method, no images added, nothing closed.</summary>
    public static Rows BaselineRow(Judgement before) =>
        new(Rows.Methods.None, Rows.Selections.None, 0, before.AccOrig, before.AccCf, 0, before.WorstGroup, before.AdjustedMean)
        {
            AccCfReference = before.AccCfReference,
            GapClosedReference = before.AccCfReference is null ? null : 0,
        };

    private string KeyOf(string method, string selection, int k) => $"{context.Settings.ModelTag}-{method}-{selection}-k{k}";

    /// <summary>Writes the row's predictions and added images, then the row: a row on disk always has its image-by-image record beside it.</summary>
    private Rows Keep(string method, string selection, int k, Repair repair, AddedImages added)
    {
        var run = context.Run;
        var key = KeyOf(method, selection, k);
        var predictions = run.ReinforcementPredictions(key);
        JsonlFile.WriteAll(predictions, repair.After.Originals.Concat(repair.After.Counterfactuals));
        var addedFile = run.ReinforcementAdded(key);
        JsonlFile.WriteAll(addedFile, added.Images.Select(a => new AddedRecord(a.Image.Id, context.Data.Classes[a.Label], a.Source?.Id)));
        var row = Row(method, selection, k, repair.After.Judgement) with
        {
            Alpha = repair.Alpha, L2 = repair.L2, DfrC = repair.DfrC, Note = repair.Note ?? added.Note, Weights = repair.Weights, Sweep = repair.Sweep,
            FineTune = repair.FineTune,
            Predictions = Path.GetRelativePath(run.Root, predictions).Replace('\\', '/'),
            Added = Path.GetRelativePath(run.Root, addedFile).Replace('\\', '/'),
            RepairOnOriginals = AgainstBaseline(repair.After.Originals),
            RepairOnCounterfactuals = AgainstBaseline(repair.After.Counterfactuals),
            GapClosedCi = GapClosedInterval.Of(
                repair.After.Originals.Where(p => _baselineTest!.ContainsKey(p.ImageId)).Select(p => _baselineTest![p.ImageId].Correct).ToList(),
                repair.After.Counterfactuals.Where(p => _baselineTest!.ContainsKey(p.ImageId)).Select(p => (_baselineTest![p.ImageId].Correct, p.Correct)).ToList(),
                context.Settings.Seed),
        };
        Json.WriteFile(run.Reinforcement(key), row);
        context.Progress.Info($"{method,-10} {selection,-15} K={k,-4} acc_orig {row.AccOrig:P1}  acc_cf {row.AccCf:P1}  gap closed {row.GapClosedText}");
        return row;
    }

    /// <summary>McNemar's exact test of a reinforced model against the baseline on the images both were judged on.</summary>
    private McNemarTest AgainstBaseline(IReadOnlyList<PredictionRecord> after) =>
        McNemarTest.Of(after.Where(p => _baselineTest!.ContainsKey(p.ImageId)).Select(p => (_baselineTest![p.ImageId].Correct, p.Correct)));

    private Rows Row(string method, string selection, int k, Judgement after) => new(
        method, selection, k, after.AccOrig, after.AccCf, Rows.GapClosedOf(after.AccCf, context.Before.AccCf, context.Before.AccOrig),
        after.WorstGroup, after.AdjustedMean)
    {
        AccCfReference = after.AccCfReference,
        GapClosedReference = after.AccCfReference is { } a && context.Before.AccCfReference is { } b ? Rows.GapClosedOf(a, b, context.Before.AccOrig) : null,
    };
}
