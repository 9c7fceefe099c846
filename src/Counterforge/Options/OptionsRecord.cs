using Counterforge.Core.Runs;
using Counterforge.Vision;

namespace Counterforge.Options;

/// <summary>
/// run.json: the options a run folder's results were made with. New options replace the record freely, except a
/// setting that results already made with it depend on: that one must stay (changing the baseline's architecture after
/// it trained would mix two models' numbers), and is refused naming the result. Budgets never are: a new budget is new
/// work on the same baseline.
/// </summary>
internal static class OptionsRecord
{
    /// <param name="FixedBy">The result made with the recorded setting, if any exists (given the results and the recorded options).</param>
    private sealed record Setting(string Name, Func<CounterforgeOptions, object?> Value, Func<RunResults, CounterforgeOptions, string?> FixedBy)
    {
        public Setting(string name, Func<CounterforgeOptions, object?> value, Func<RunResults, string?> fixedBy) : this(name, value, (r, _) => fixedBy(r)) { }
    }

    public static CounterforgeOptions? Read(string runJson)
    {
        if (!File.Exists(runJson)) return null;
        try
        {
            return Json.ReadFile<CounterforgeOptions>(runJson);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{runJson} is not the record of a counterforge run of this version (damaged, or made by an older one): {e.Message}", e);
        }
    }

    /// <summary>The options with what run.json keeps resolved: "auto" precision becomes what this machine runs, paths become full.</summary>
    public static CounterforgeOptions Normalised(CounterforgeOptions options) => options with
    {
        Data = options.Data with
        {
            Path = Full(options.Data.Path), Masks = Full(options.Data.Masks), Backgrounds = Full(options.Data.Backgrounds), Classes = Full(options.Data.Classes),
        },
        Models = options.Models.Select(m => m with
        {
            Architecture = ClassifierRegistry.Canonical(m.Architecture),
            Weights = Full(m.Weights), Onnx = Full(m.Onnx),
            Precision = ComputePrecisions.NameOf(ComputePrecisions.Parse(m.Precision)),
        }).ToList(),
        Captions = options.Captions with { Model = Full(options.Captions.Model) },
        Generation = options.Generation with { Models = Full(options.Generation.Models), Clip = Full(options.Generation.Clip) },
    };

    /// <exception cref="OptionsContradictionException">A setting differs from the record and results made with the recorded value exist.</exception>
    public static void Check(RunFolder run, CounterforgeOptions recorded, CounterforgeOptions options)
    {
        var results = new RunResults(run, recorded);
        foreach (var setting in Settings(Math.Max(recorded.Models.Count, options.Models.Count)))
        {
            var (was, now) = (setting.Value(recorded), setting.Value(options));
            if (Same(was, now)) continue;
            if (setting.FixedBy(results, recorded) is { } fixedBy) throw new OptionsContradictionException(setting.Name, Show(now), Show(was), run.RunJson, fixedBy);
        }
    }

    public static void Write(RunFolder run, CounterforgeOptions options) => Json.WriteFile(run.RunJson, options);

    /// <summary>
    /// A shard changes no setting: every shard of a run must make its part with the same ones, and run.json is written only by
    /// a process that holds the whole folder. The first setting that differs from the record is named, with how to record it.
    /// </summary>
    /// <exception cref="ArgumentException">Some setting differs from run.json.</exception>
    public static void CheckUnchanged(RunFolder run, CounterforgeOptions recorded, CounterforgeOptions options, Shard shard)
    {
        if (Json.Serialize(recorded) == Json.Serialize(options)) return;
        var named = Settings(Math.Max(recorded.Models.Count, options.Models.Count)).FirstOrDefault(s => !Same(s.Value(recorded), s.Value(options)));
        var what = named is null ? "the settings given differ from" : $"{named.Name} {Show(named.Value(options))} differs from {Show(named.Value(recorded))} in";
        throw new ArgumentException($"--shard {shard}: {what} {run.RunJson}. Shards run with the settings the run records and change none; record new "
            + $"settings before starting them (`counterforge settings --out {run.Root}` with the options), or leave the option out.");
    }

    /// <summary>Every setting that results depend on, named as the command line names it, with the results that fix it.</summary>
    private static IEnumerable<Setting> Settings(int models)
    {
        yield return new("--seed", o => o.Seed, r => RunResults.First(r.Index, r.BaselineOf(0), r.Captions, r.Edits));
        yield return new("--data", o => o.Data.Path, r => r.Index);
        yield return new("--masks", o => o.Data.Masks, r => r.Index);
        yield return new("--classes", o => o.Data.Classes, r => r.Index);
        yield return new("the scenes world", o => o.Data.Scenes, r => r.Index);
        yield return new("--extra-share", o => o.Data.ExtraShare, r => r.Index);
        yield return new("--backgrounds", o => o.Data.Backgrounds, r => RunResults.First(r.Edits, r.Counterfactuals));
        yield return new("--group-by", o => o.Data.GroupBy, r => r.AnyStress);
        for (int i = 0; i < models; i++)
        {
            int m = i;
            Func<RunResults, string?> baseline = r => r.BaselineOf(m);
            ModelOptions? Of(CounterforgeOptions o) => m < o.Models.Count ? o.Models[m] : null;
            string Name(string flag) => m == 0 ? flag : $"{flag} (model {m + 1})";
            // A run recorded under the architecture's old name (resnet18-pretrained) is the same model.
            yield return new(Name("--arch"), o => Of(o) is { } model ? ClassifierRegistry.Canonical(model.Architecture) : null, baseline);
            yield return new(Name("--weights"), o => Of(o)?.Weights, baseline);
            yield return new(Name("--onnx"), o => Of(o)?.Onnx, baseline);
            yield return new(Name("--new-head"), o => Of(o)?.NewHead, baseline);
            yield return new(Name("--image-size"), o => Of(o)?.ImageSize, baseline);
            yield return new(Name("--resize"), o => Of(o)?.Resize, baseline);
            yield return new(Name("--mean"), o => Of(o)?.Mean, baseline);
            yield return new(Name("--std"), o => Of(o)?.Std, baseline);
            yield return new(Name("--precision"), o => Of(o)?.Precision, baseline);
            yield return new(Name("--batch-size"), o => Of(o)?.BatchSize, baseline);
            yield return new(Name("--linear-probe"), o => Of(o)?.LinearProbe, baseline);
            yield return new(Name("--epochs"), o => Of(o)?.Epochs, baseline);
            yield return new(Name("--lr"), o => Of(o)?.LearningRate, baseline);
            yield return new(Name("--lp-ft-epochs"), o => Of(o)?.ProbeFineTuneEpochs, baseline);
            yield return new(Name("--lp-ft-lr"), o => Of(o)?.ProbeFineTuneLearningRate, baseline);
            yield return new(Name("--finetune-epochs"), o => Of(o)?.FineTuneEpochs, r => r.Reinforced);
            yield return new(Name("--finetune-lr"), o => Of(o)?.FineTuneLearningRate, r => r.Reinforced);
            yield return new(Name("--finetune-freeze"), o => Of(o)?.FineTuneFrozenModules, r => r.Reinforced);
            yield return new(Name("--finetune-bn"), o => Of(o)?.FineTuneKeepsNormalization, r => r.Reinforced);
        }
        yield return new("--captioner", o => o.Captions.Captioner, r => r.Captions);
        yield return new("--captioner-model", o => o.Captions.Model, r => r.Captions);
        yield return new("--perturber", o => o.Edits.Perturber, r => r.Edits);
        yield return new("--edits-per-kind", o => o.Edits.EditsPerKind, r => r.Edits);
        yield return new("--chat-url", o => o.Chat?.Url, ChatAnswers);
        yield return new("--chat-model", o => o.Chat?.Model, ChatAnswers);
        yield return new("--editor", o => o.Generation.Editor, r => r.Counterfactuals);
        yield return new("--filter", o => o.Generation.Filter, r => r.Counterfactuals);
        yield return new("--models", o => o.Generation.Models, r => r.Counterfactuals);
        yield return new("--clip", o => o.Generation.Clip, r => r.Counterfactuals);
        yield return new("--steps", o => o.Generation.Steps, r => r.Counterfactuals);
        yield return new("--guidance", o => o.Generation.Guidance, r => r.Counterfactuals);
        yield return new("--strength", o => o.Generation.Strength, r => r.Counterfactuals);
        yield return new("--keep-source-detail", o => o.Generation.KeepSourceDetail, r => r.Counterfactuals);
        yield return new("--protect-subject", o => o.Generation.ProtectSubject, r => r.Counterfactuals);
        yield return new("--resolution", o => o.Generation.Resolution, r => r.Counterfactuals);
        yield return new("--stress-sources", o => o.Stress.Sources, r => RunResults.First(r.Captions, r.Edits));
        yield return new("--min-effect", o => o.Stress.MinimumEffect, r => r.AnyStress);
        yield return new("--candidates", o => o.Reinforcement.TargetedCandidates, r => r.Reinforced);
        yield return new("the mixing ratio", o => o.Reinforcement.AddedShare, r => r.Reinforced);
        yield return new("--max-orig-drop", o => o.Reinforcement.MaxOriginalDrop, r => r.Reinforced);
        yield return new("--blend", o => o.Reinforcement.BlendRule, r => r.Reinforced);
    }

    /// <summary>The results a chat endpoint answered for: captions made by the chat captioner, edits made by the llm perturber.</summary>
    private static string? ChatAnswers(RunResults results, CounterforgeOptions recorded) => RunResults.First(
        recorded.Captions.Captioner == "chat" ? results.Captions : null, recorded.Edits.Perturber == "llm" ? results.Edits : null);

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (IEnumerable<string> x, IEnumerable<string> y) => x.SequenceEqual(y),
        _ => Equals(a, b),
    };

    private static string Show(object? value) => value switch
    {
        null => "(none)",
        IEnumerable<string> list => $"'{string.Join(' ', list)}'",
        _ => $"'{value}'",
    };

    private static string? Full(string? path) => path is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
