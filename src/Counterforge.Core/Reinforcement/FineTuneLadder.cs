using Counterforge.Core.Classification;

namespace Counterforge.Core.Reinforcement;

/// <summary>
/// The full fine-tune, tried recipe after recipe until one does not diverge (<see cref="FineTuneCheck"/>): the configured
/// recipe, then a tenth of its learning rate with batch-norm statistics kept, then that with the early modules frozen too.
/// These are what make a fine-tune of a network trained elsewhere stable: its own rate and batch-norm mode are unknown, and a
/// few counterfactuals it gets confidently wrong give gradients far larger than the ones its training ended with.
/// </summary>
public static class FineTuneLadder
{
    /// <param name="configured">With <see cref="TrainingOptions.FreezeEarlyModules"/>, every recipe names the early modules
    /// among its frozen ones, so that each try says what it froze.</param>
    /// <param name="earlyModules">Top-level modules on the input side that the last rung freezes (ResNets: stem and first
    /// stage); empty: there is no such rung.</param>
    public static IReadOnlyList<TrainingOptions> Recipes(TrainingOptions configured, IReadOnlyList<string> earlyModules)
    {
        var frozen = (configured.FrozenModules ?? []).Union(earlyModules).ToList();
        if (configured.FreezeEarlyModules) configured = configured with { FrozenModules = frozen, FreezeEarlyModules = false };
        var gentler = configured with { LearningRate = configured.LearningRate / 10, FreezeNormalization = true };
        var recipes = new List<TrainingOptions> { configured, gentler };
        if (earlyModules.Count > 0 && frozen.Count > (configured.FrozenModules?.Count ?? 0))
            recipes.Add(gentler with { FrozenModules = frozen });
        return recipes;
    }

    /// <summary>The model and what each try did; the model is the first try that did not diverge, else the try that kept most of the originals.</summary>
    public sealed record Outcome(ITrainableClassifier Tuned, IReadOnlyList<FineTuneAttempt> Attempts)
    {
        /// <summary>Every try diverged: the model kept is broken, and no blend weight can make use of it.</summary>
        public bool Diverged => Attempts.All(a => a.Diverged is not null);
    }

    /// <param name="train">Fine-tunes a copy of the original with a recipe; returns the loss of every step.</param>
    /// <param name="validate">Validation accuracy (originals, counterfactuals) of a fine-tuned network, measured on that network.</param>
    /// <param name="report">Told of each try that diverged and what comes next.</param>
    public static Outcome Run(ITrainableClassifier original, IReadOnlyList<TrainingOptions> recipes,
        Func<ITrainableClassifier, TrainingOptions, IReadOnlyList<double>> train,
        Func<ITrainableClassifier, (double Orig, double Cf)> validate,
        double originalValAccOrig, Action<string> report)
    {
        var attempts = new List<FineTuneAttempt>();
        ITrainableClassifier? kept = null;
        int keptIndex = -1;
        for (int i = 0; i < recipes.Count; i++)
        {
            var recipe = recipes[i];
            var tuned = original.Clone();
            var losses = train(tuned, recipe);
            var (orig, cf) = validate(tuned);
            var (start, end) = FineTuneCheck.StartAndEndLoss(losses, recipe.Epochs);
            var diverged = FineTuneCheck.Diverged(losses, recipe.Epochs, originalValAccOrig, orig, original.Classes.Count);
            attempts.Add(new FineTuneAttempt(recipe.LearningRate, recipe.Epochs, recipe.FreezeNormalization, recipe.FrozenModules ?? [],
                start, end, orig, cf, diverged));
            if (diverged is null || kept is null || orig > attempts[keptIndex].ValAccOrig)
            {
                kept?.Dispose();
                (kept, keptIndex) = (tuned, i);
            }
            else tuned.Dispose();
            if (diverged is null) break;
            report(i + 1 < recipes.Count
                ? $"the fine-tune with {Describe(recipe)} diverged: {diverged}; trying {Describe(recipes[i + 1])}"
                : $"the fine-tune with {Describe(recipe)} diverged: {diverged}; no recipe left. {Advice}");
        }
        attempts[keptIndex] = attempts[keptIndex] with { Kept = true };
        return new Outcome(kept!, attempts);
    }

    /// <summary>What a user can still try when every recipe diverged.</summary>
    public const string Advice = "Try a smaller --finetune-lr, more --finetune-epochs at that rate, freezing more early modules " +
        "(--finetune-freeze), or check that the model's preprocessing (--image-size, --resize, --mean, --std) is the one it was trained with.";

    public static string Describe(FineTuneAttempt attempt) => Describe(new TrainingOptions(attempt.Epochs, LearningRate: attempt.LearningRate,
        FreezeNormalization: attempt.KeepsNormalization, FrozenModules: attempt.FrozenModules));

    public static string Describe(TrainingOptions recipe) =>
        $"lr {recipe.LearningRate:G3}, {recipe.Epochs} epochs, batch-norm statistics {(recipe.FreezeNormalization ? "kept" : "adapting")}" +
        (recipe.FrozenModules is { Count: > 0 } frozen ? $", {string.Join(" ", frozen)} frozen" : "");
}
