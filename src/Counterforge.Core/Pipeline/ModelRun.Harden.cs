using System.Diagnostics;
using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;
using Counterforge.Core.Metrics;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// <c>harden</c>: reinforce with the smallest budget, stress-test the reinforced model again on counterfactuals made fresh
/// for the round, and repeat with a larger budget until no kind is flagged or the budget cap is reached. Rounds work on
/// validation sources only, so the final model's test numbers come from sources no round used. Each round is kept in the
/// run folder when it finishes (a killed loop resumes at the round it was in) and re-uses a reinforcement row of the same
/// method, selection and K that <c>reinforce</c> already made.
/// </summary>
public sealed partial class ModelRun
{
    /// <param name="freshPerturber">The perturber of a round's fresh edits, given the round's K (each round draws its own words).</param>
    public async Task<HardenResult> HardenAsync(HardenSettings harden, Func<int, ICaptionPerturber> freshPerturber, CancellationToken cancel = default)
    {
        if (components.CreateClassifier is null)
            throw new InvalidOperationException($"Model '{config.ModelTag}' can be stress-tested but not hardened: reinforcement needs trainable weights, not an ONNX graph.");
        var validation = LoadStress(Splits.Val);
        var result = new HardenResult(config.ModelTag, validation.WeakKinds, harden.Method, harden.Selection, [], HardenResult.NothingToHarden);
        if (validation.WeakKinds.Count == 0)
            progress.Info("No weakness was flagged on validation: nothing to harden.");
        else
        {
            var rounds = new List<HardenRound>();
            foreach (var (k, number) in harden.Budgets().Select((k, i) => (k, i + 1)))
            {
                var path = run.HardenRound($"{config.ModelTag}-{harden.Method}-{harden.Selection}", k);
                var round = File.Exists(path) ? Json.ReadFile<HardenRound>(path) with { Round = number }
                    : await RoundAsync(harden, number, k, validation, freshPerturber, cancel).ConfigureAwait(false);
                Json.WriteFile(path, round);
                rounds.Add(round);
                progress.Info($"Harden round {number}, K = {k}: on {round.FreshCounterfactuals} fresh counterfactuals acc_cf {Percent.Format(round.AccCfFresh, Percent.NoCounterfactuals)} (baseline {Percent.Format(round.BaselineAccCfFresh, Percent.NoCounterfactuals)}), "
                    + $"still flagged: {Names(round.Flagged)} (baseline: {Names(round.BaselineFlagged)}); {round.ImagesGenerated} images generated, {round.Seconds:F0} s");
                if (round.Flagged.Count == 0) break;
            }
            result = result with { Rounds = rounds, Outcome = OutcomeOf(rounds[^1]) };
        }
        Json.WriteFile(run.Harden(config.ModelTag), result);
        return result;
    }

    /// <summary>
    /// Gone only when the fresh counterfactuals can show the weakness (the baseline is flagged on them) and the reinforced
    /// model is not: with too few fresh counterfactuals nothing is flagged for either, which proves nothing.
    /// </summary>
    private static string OutcomeOf(HardenRound last) => last.Flagged.Count > 0 ? HardenResult.CapReached
        : last.BaselineFlagged.Count > 0 ? HardenResult.Gone : HardenResult.Undecided;

    /// <summary>summary.json's harden block for this model, when a harden loop has run on it.</summary>
    public HardenResult? HardenFound() => File.Exists(run.Harden(config.ModelTag)) ? Json.ReadFile<HardenResult>(run.Harden(config.ModelTag)) : null;

    private async Task<HardenRound> RoundAsync(HardenSettings harden, int number, int k, Analysis.StressTestResult validation,
        Func<int, ICaptionPerturber> freshPerturber, CancellationToken cancel)
    {
        var watch = Stopwatch.StartNew();
        int generatedBefore = CounterfactualRecords();
        var settings = config with { Budgets = [k], Methods = [harden.Method], Selections = [harden.Selection] };
        var context = await ReinforcementContextOf(settings, validation, cancel).ConfigureAwait(false);
        var rows = await new ReinforcementStage(context, registries ?? new ReinforcementRegistries()).RunAsync(cancel).ConfigureAwait(false);
        var row = rows.SingleOrDefault(r => r.Method == harden.Method && r.Selection == harden.Selection && r.K == k)
            ?? throw new InvalidOperationException($"harden: {harden.Method} with {harden.Selection} images made no model at K = {k} (see the lines above: no images to add?).");
        if (row.Weights is null)
            throw new InvalidOperationException($"harden: {harden.Method} with {harden.Selection} images keeps no model to stress-test again; use the targeted selection, which keeps its weights.");

        var fresh = await FreshEditsAsync(k, freshPerturber(k), cancel).ConfigureAwait(false);
        var made = await Generation.GenerateAsync(fresh, $"Fresh counterfactuals (K={k})", cancel).ConfigureAwait(false);
        var controls = GeneratedForStress().Val.Where(c => c.Kind == Edit.NullKind);
        var judged = made.Concat(controls).Where(c => c.Accepted).ToList();
        var sources = StressSources(Splits.Val);

        return await Task.Run(() =>
        {
            using var reinforced = components.CreateClassifier!();
            reinforced.Load(run.Resolve(row.Weights));
            var images = sources.Select(Original).Concat(judged.Select(Generated)).ToList();
            var model = FreshStressTest(k, sources, judged, reinforced.PredictProbabilities(images.Select(i => i.FullPath).ToList(), cancel: cancel));
            var baseline = FreshStressTest(k, sources, judged, Scorer(cancel)(images));
            double AccCfOfWeakKinds(Analysis.StressTestResult r)
            {
                var kinds = r.Kinds.Where(x => validation.WeakKinds.Contains(x.Kind)).ToList();
                int n = kinds.Sum(x => x.Stats.N);
                return n == 0 ? double.NaN : kinds.Sum(x => x.Stats.AccCf * x.Stats.N) / n;
            }
            return new HardenRound(number, k, model.WeakKinds, baseline.WeakKinds, model.AccOrig, AccCfOfWeakKinds(model), AccCfOfWeakKinds(baseline),
                made.Count(c => c.Accepted), CounterfactualRecords() - generatedBefore, Math.Round(watch.Elapsed.TotalSeconds, 1),
                row.Key, row.AccOrig, row.AccCf, row.GapClosed, row.Weights);
        }, cancel).ConfigureAwait(false);
    }

    /// <summary>The stress test's analysis of one model on the validation sources and a round's fresh counterfactuals (and the null controls).</summary>
    private Analysis.StressTestResult FreshStressTest(int k, IReadOnlyList<Sample> sources, IReadOnlyList<Counterfactual> judged, float[][] probs)
    {
        var bySource = sources.Select((s, i) => (s.Id, Probs: probs[i])).ToDictionary(x => x.Id, x => x.Probs);
        var pairs = judged.Select((c, i) => new PairOutcome(c.EditId, c.SourceId, c.Kind, c.From, c.To,
            data.LabelIndex(_samples[c.SourceId]), bySource[c.SourceId], probs[sources.Count + i])).ToList();
        return Analysis.StressTest.Analyze($"harden-k{k}", sources.Select((s, i) => (data.LabelIndex(s), probs[i])).ToList(), pairs, data.Classes, config.MinimumEffect);
    }

    /// <summary>
    /// Edits of the validation sources that the run has not made yet (not in edits.jsonl, not in an earlier round), from a
    /// perturber drawn for this round; kept in the harden folder once proposed, so a resumed round judges the same edits.
    /// </summary>
    private async Task<IReadOnlyList<Edit>> FreshEditsAsync(int k, ICaptionPerturber perturber, CancellationToken cancel)
    {
        var path = run.HardenEdits(config.ModelTag, k);
        if (File.Exists(path)) return JsonlFile.ReadAll<Edit>(path);
        var known = JsonlFile.ReadAll<Edit>(run.EditsFile).Select(e => e.Id).ToHashSet();
        if (Directory.Exists(run.HardenDirectory))
            foreach (var earlier in Directory.EnumerateFiles(run.HardenDirectory, $"{config.ModelTag}-k*.edits.jsonl"))
                known.UnionWith(JsonlFile.ReadAll<Edit>(earlier).Select(e => e.Id));
        var sources = StressSources(Splits.Val).Where(s => s.Caption is not null).ToList();
        var proposed = await progress.RunAsync($"Fresh edits (K={k})", sources.Count, async p =>
        {
            var all = new List<Edit>();
            foreach (var (source, i) in sources.Select((s, i) => (s, i)))
            {
                all.AddRange(await perturber.PerturbAsync(source, source.Caption!, TemplatedCaption.ClassWords(source.Label), cancel).ConfigureAwait(false));
                p.Report(i + 1);
            }
            return all;
        }).ConfigureAwait(false);
        var fresh = proposed.Where(e => !e.IsNull && !known.Contains(e.Id)).DistinctBy(e => e.Id).ToList();
        Directory.CreateDirectory(run.HardenDirectory);
        JsonlFile.WriteAll(path, fresh);
        return fresh;
    }

    private static string Names(IReadOnlyList<string> kinds) => kinds.Count == 0 ? "none" : string.Join(", ", kinds);

    private int CounterfactualRecords() => ShardedLog.ReadLog<Counterfactual>(run.CounterfactualsFile).Count;
}
