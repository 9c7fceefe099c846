using System.Globalization;
using Counterforge.Core.Classification;
using Counterforge.Core.Data;
using Counterforge.Core.Generation;
using Counterforge.Core.Runs;
using Counterforge.Vision;

namespace Counterforge.Bench;

/// <summary>
/// What one full fine-tune does to a run's baseline, outside the stage: the K train counterfactuals of one kind that the
/// baseline gets most wrong, repeated to a share of the training weight, a fine-tune with the given recipe, and before and
/// after: validation accuracy on originals and on that kind's counterfactuals, accuracy and mean loss on the K images, mean
/// loss on 200 train originals, and the training loss by tenth of the steps. The blend at α = 1 is scored beside the
/// fine-tuned network, so a blend that lost the change would show.
/// </summary>
internal static class FineTuneProbe
{
    /// <param name="FromScratch">Train a freshly initialised network on the mix instead of fine-tuning the baseline: the upper
    /// reference of a model trained with the counterfactuals from the start.</param>
    public sealed record Recipe(string Architecture, int ImageSize, ComputePrecision Precision, string Kind, int K, double Share, TrainingOptions Training,
        bool FromScratch = false);

    public static void Run(string runRoot, Recipe recipe)
    {
        var run = new RunFolder(runRoot);
        var classes = File.ReadAllLines(Path.Combine(runRoot, "classes.txt")).Where(l => l.Length > 0).ToList();
        var root = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runRoot, "dataset.json"))).RootElement.GetProperty("root").GetString()!;
        var data = new Dataset(root, classes, JsonlFile.ReadAll<Sample>(Path.Combine(runRoot, "samples.jsonl")));
        var byId = data.Samples.ToDictionary(s => s.Id);
        var ofKind = JsonlFile.ReadLog<Counterfactual>(run.CounterfactualsFile).Where(c => c.Accepted && c.Kind == recipe.Kind)
            .Select(c => (Path: run.Resolve(c.ImagePath), Source: byId[c.SourceId])).ToList();
        var train = data.InSplit(Splits.Train).ToList();
        var val = data.InSplit(Splits.Val).ToList();
        var valCfs = ofKind.Where(c => c.Source.Split == Splits.Val).ToList();
        var trainCfs = ofKind.Where(c => c.Source.Split == Splits.Train).ToList();

        using var baseline = ClassifierRegistry.Create(new ClassifierOptions(recipe.Architecture, classes)
        {
            ImageSize = recipe.ImageSize, Precision = recipe.Precision, WeightsPath = run.Model($"{recipe.Architecture}-baseline"),
        });
        var probabilities = baseline.PredictProbabilities(trainCfs.Select(c => c.Path).ToList());
        var added = trainCfs.Select((c, i) => (c, p: probabilities[i][data.LabelIndex(c.Source)])).OrderBy(x => x.p).Take(recipe.K).Select(x => x.c).ToList();
        var addedImages = (added.Select(a => a.Path).ToList(), added.Select(a => data.LabelIndex(a.Source)).ToList());
        var valImages = (val.Select(data.FullPath).ToList(), val.Select(data.LabelIndex).ToList());
        var valCfImages = (valCfs.Select(c => c.Path).ToList(), valCfs.Select(c => data.LabelIndex(c.Source)).ToList());
        var trainSample = (train.Take(200).Select(data.FullPath).ToList(), train.Take(200).Select(data.LabelIndex).ToList());
        Console.WriteLine($"{train.Count} train, {val.Count} val, {valCfs.Count} val {recipe.Kind} counterfactuals, {trainCfs.Count} train ones; the K = {added.Count} the baseline gets most wrong are added");

        void Report(string name, IClassifier model)
        {
            var (valAcc, _) = Score(model, valImages);
            var (cfAcc, _) = Score(model, valCfImages);
            var (addedAcc, addedLoss) = Score(model, addedImages);
            var (_, trainLoss) = Score(model, trainSample);
            Console.WriteLine($"{name}: val orig {valAcc:P1}, val {recipe.Kind} cf {cfAcc:P1}, added {addedAcc:P1} (loss {addedLoss:F2}), train originals loss {trainLoss:F3}");
        }
        Report("baseline", baseline);

        int repeats = Math.Max(1, (int)Math.Round(recipe.Share / (1 - recipe.Share) * train.Count / Math.Max(1, added.Count)));
        var mixed = train.Select(s => new LabeledImage(data.FullPath(s), data.LabelIndex(s)))
            .Concat(Enumerable.Repeat(added, repeats).SelectMany(a => a).Select(a => new LabeledImage(a.Path, data.LabelIndex(a.Source)))).ToList();
        using var tuned = recipe.FromScratch
            ? ClassifierRegistry.Create(new ClassifierOptions(recipe.Architecture, classes) { Seed = recipe.Training.Seed, ImageSize = recipe.ImageSize, Precision = recipe.Precision })
            : baseline.CloneClassifier();
        var losses = new List<double>();
        tuned.Train(mixed, recipe.Training, new StepLosses(losses));
        int tenth = Math.Max(1, losses.Count / 10);
        Console.WriteLine($"{losses.Count} steps; training loss by tenth: {string.Join(" ", Enumerable.Range(0, losses.Count / tenth).Select(i => losses.Skip(i * tenth).Take(tenth).Average().ToString("F2", CultureInfo.InvariantCulture)))}");
        Report(recipe.FromScratch ? "trained from scratch on the mix" : "fine-tuned", tuned);
        if (recipe.FromScratch) return;
        using var blended = baseline.Interpolate(tuned, 1.0);
        Report("blend α = 1", blended);
    }

    private static (double Accuracy, double Loss) Score(IClassifier model, (List<string> Paths, List<int> Labels) images)
    {
        if (images.Paths.Count == 0) return (double.NaN, double.NaN);
        var p = model.PredictProbabilities(images.Paths);
        double accuracy = images.Labels.Where((label, i) => Array.IndexOf(p[i], p[i].Max()) == label).Count() / (double)p.Length;
        double loss = images.Labels.Select((label, i) => -Math.Log(Math.Max(1e-12, p[i][label]))).Average();
        return (accuracy, loss);
    }

    private sealed class StepLosses(List<double> losses) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => losses.Add(value.Loss);
    }
}
