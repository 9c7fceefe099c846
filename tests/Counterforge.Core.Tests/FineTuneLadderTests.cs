using Counterforge.Core.Classification;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Reinforcement.Methods;

namespace Counterforge.Core.Tests;

public class FineTuneLadderTests
{
    [Fact]
    public void A_loss_that_ends_above_its_start_or_a_network_left_guessing_is_divergence_and_a_trade_is_not()
    {
        double[] falling = [2.0, 1.5, 1.0, 0.8, 0.6, 0.5, 0.5, 0.4, 0.4, 0.3];
        double[] rising = [0.5, 0.6, 0.9, 2.0, 4.0, 6.0, 7.0, 7.5, 7.7, 7.7];
        Assert.Null(FineTuneCheck.Diverged(falling, 2, originalValAccOrig: 0.94, tunedValAccOrig: 0.80, classes: 4));
        Assert.Contains("rose from 1.60 (first epoch) to 7.18 (last epoch)", FineTuneCheck.Diverged(rising, 2, 0.94, 0.93, 4));
        Assert.Contains("collapsed", FineTuneCheck.Diverged(falling, 2, 0.94, 0.41, 4)); // the from-scratch collapse of docs/repair.md
        Assert.Contains("NaN", FineTuneCheck.Diverged([1.0, double.NaN], 2, 0.94, 0.94, 4));
        // Halfway from 94 % to chance (25 %) is 59.5 %: 60 % is a costly trade, not a collapse.
        Assert.Null(FineTuneCheck.Diverged(falling, 2, 0.94, 0.60, 4));
        // A batch that happens to hold few hard images starts low; the epoch means say the loss fell.
        Assert.Null(FineTuneCheck.Diverged([1.1, 0.9, 1.3, 1.2, 0.7, 0.9, 0.6, 1.0, 1.1, 0.8], 2, 0.94, 0.93, 4));
        // An explosion hides in the first epoch's mean; ending worse than a uniform guess (ln 4 = 1.39) does not.
        Assert.Contains("above a uniform guess's 1.39", FineTuneCheck.Diverged([0.5, 80, 40, 20, 10, 9, 8, 8, 8, 8], 2, 0.94, 0.94, 4));
    }

    [Fact]
    public void Recipes_go_from_the_configured_one_to_a_tenth_of_its_rate_with_statistics_kept_then_early_modules_frozen()
    {
        var configured = new TrainingOptions(Epochs: 2, LearningRate: 0.01);
        var recipes = FineTuneLadder.Recipes(configured, ["conv1", "bn1", "layer1"]);
        Assert.Equal(3, recipes.Count);
        Assert.Equal(configured, recipes[0]);
        Assert.Equal(0.001, recipes[1].LearningRate, 9);
        Assert.True(recipes[1].FreezeNormalization);
        Assert.Equal(["conv1", "bn1", "layer1"], recipes[2].FrozenModules!);
        Assert.Equal(2, FineTuneLadder.Recipes(configured, []).Count);
        Assert.Equal(2, FineTuneLadder.Recipes(configured with { FrozenModules = ["conv1", "bn1", "layer1"] }, ["conv1", "bn1", "layer1"]).Count);
    }

    [Fact]
    public void A_recipe_that_freezes_the_early_modules_names_them_in_every_try()
    {
        var configured = new TrainingOptions(Epochs: 3, LearningRate: 0.001, FreezeNormalization: true, FrozenModules: ["conv1"], FreezeEarlyModules: true);
        var recipes = FineTuneLadder.Recipes(configured, ["conv1", "bn1", "layer1"]);
        Assert.Equal(2, recipes.Count); // the third rung would freeze nothing more
        Assert.All(recipes, r => Assert.Equal(["conv1", "bn1", "layer1"], r.FrozenModules!));
        Assert.All(recipes, r => Assert.False(r.FreezeEarlyModules));
        Assert.Equal("lr 0.001, 3 epochs, batch-norm statistics kept, conv1 bn1 layer1 frozen", FineTuneLadder.Describe(recipes[0]));
        var noSplit = FineTuneLadder.Recipes(configured with { FrozenModules = null }, []);
        Assert.Equal("lr 0.001, 3 epochs, batch-norm statistics kept", FineTuneLadder.Describe(noSplit[0]));
    }

    [Fact]
    public void The_first_try_that_holds_is_kept_and_each_diverged_try_is_reported()
    {
        var reports = new List<string>();
        // The configured rate breaks the network; a tenth of it holds.
        var outcome = FineTuneLadder.Run(new Stub(), FineTuneLadder.Recipes(new TrainingOptions(2, LearningRate: 0.01), ["conv1"]),
            (model, recipe) => { ((Stub)model).Rate = recipe.LearningRate; return [1.0, 0.5]; },
            model => ((Stub)model).Rate > 0.005 ? (0.30, 0.30) : (0.93, 0.40),
            originalValAccOrig: 0.94, reports.Add);
        Assert.False(outcome.Diverged);
        Assert.Equal(2, outcome.Attempts.Count);
        Assert.Equal(0.001, ((Stub)outcome.Tuned).Rate, 9);
        Assert.True(outcome.Attempts[1].Kept);
        Assert.False(outcome.Attempts[0].Kept);
        Assert.Contains("collapsed from 94.0 % to 30.0 %", Assert.Single(reports));
    }

    [Fact]
    public void When_every_try_diverges_the_one_that_kept_most_originals_is_kept_and_the_advice_is_given()
    {
        var reports = new List<string>();
        var accuracies = new Queue<double>([0.20, 0.45, 0.30]);
        var outcome = FineTuneLadder.Run(new Stub(), FineTuneLadder.Recipes(new TrainingOptions(2), ["conv1"]),
            (_, _) => [1.0, 0.5], _ => (accuracies.Dequeue(), 0.5), originalValAccOrig: 0.94, reports.Add);
        Assert.True(outcome.Diverged);
        Assert.Equal([false, true, false], outcome.Attempts.Select(a => a.Kept));
        Assert.Contains(FineTuneLadder.Advice, reports[^1]);
        Assert.Equal(3, reports.Count);
    }

    [Fact]
    public void A_fine_tune_that_lowers_its_own_counterfactual_accuracy_is_named_with_what_to_try()
    {
        // Dataset (a), seed 1, K = 400: the targeted fine-tune read 39.8 % of validation counterfactuals against the baseline's 59.2 %.
        var held = FineTuneLadder.Run(new Stub(), [new TrainingOptions(2)], (_, _) => [1.0, 0.5], _ => (0.73, 0.398), originalValAccOrig: 0.83, _ => { });
        var targeted = Note(null, held, baselineValAccCf: 0.592, selection: "targeted");
        Assert.Contains("59.2 % → 39.8 %", targeted);
        Assert.Contains("--selections random", targeted);
        Assert.DoesNotContain("--selections random", Note(null, held, 0.592, "random"));
        Assert.StartsWith("only 3 mined", Note("only 3 mined", held, 0.592, "targeted"));
        // Within the margin (a few points are the noise of a few hundred validation images), or better: nothing to say.
        Assert.Null(Note(null, held, 0.44, "targeted"));
        Assert.Null(FineTuneCheck.TaughtAgainst(0.592, 0.80, targeted: true));
        // A fine-tune that diverged is reported as that, not as teaching against the repair.
        var diverged = FineTuneLadder.Run(new Stub(), [new TrainingOptions(2)], (_, _) => [0.5, 1.0], _ => (0.30, 0.10), 0.83, _ => { });
        Assert.DoesNotContain("taught against", Note(null, diverged, 0.592, "targeted"));
    }

    /// <summary>A full fine-tune row's note, with what its fine-tune taught read against the baseline's validation counterfactuals.</summary>
    private static string? Note(string? selectionNote, FineTuneLadder.Outcome outcome, double baselineValAccCf, string selection) =>
        FullFineTuneMethod.Note(selectionNote, outcome, FullFineTuneMethod.TaughtAgainst(outcome, baselineValAccCf, selection));

    /// <summary>Only what the ladder touches: copies, classes and disposal.</summary>
    private sealed class Stub : ITrainableClassifier
    {
        public double Rate { get; set; }
        public string Name => "stub";
        public IReadOnlyList<string> Classes { get; } = ["a", "b", "c", "d"];
        public int FeatureDimension => 1;
        public LinearHead Head { get; set; } = LinearHead.Zeros(4, 1);
        public float[][] PredictProbabilities(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancel = default) => throw new NotSupportedException();
        public float[][] ExtractFeatures(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancel = default) => throw new NotSupportedException();
        public void Train(IReadOnlyList<LabeledImage> data, TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default) => throw new NotSupportedException();
        public void Save(string path) => throw new NotSupportedException();
        public void Load(string path) => throw new NotSupportedException();
        public ITrainableClassifier Clone() => new Stub { Rate = Rate };
        public ITrainableClassifier Interpolate(ITrainableClassifier towards, double alpha) => throw new NotSupportedException();
        public void Dispose() { }
    }
}
