using Counterforge.Core.Classification;
using Counterforge.Core.Edits;
using Counterforge.Core.Generation;

namespace Counterforge.Core.Pipeline;

/// <summary>
/// The stage backends of one model's run, each chosen by name by the caller and created only when a stage needs it (a
/// diffusion editor loads its models, a captioner may open connections).
/// </summary>
/// <param name="CreateClassifier">A fresh trainable classifier (the baseline is trained into it or loaded); null when the model
/// under test can only be stress-tested (<paramref name="StressOnlyClassifier"/>, an ONNX graph, say).</param>
/// <param name="ReferenceEditor">An exact editor beside a generative one (the scenes renderer beside a diffusion editor): it makes
/// the test edits too, and every model is also judged on its images, so a repair is not judged only by the generator that made it.</param>
public sealed record ModelRunBackends(
    Func<ITrainableClassifier>? CreateClassifier,
    Func<ICaptionPerturber> Perturber,
    Func<IImageEditor> Editor,
    Func<ICounterfactualFilter> Filter,
    Func<IClassifier>? StressOnlyClassifier = null,
    Func<IImageEditor>? ReferenceEditor = null);

/// <param name="ModelTag">Names this model's files in the run folder (several models can share one run's edits and images).</param>
/// <param name="LinearProbeBaseline">Fit the baseline's head on the frozen backbone first (a pretrained model); then, when
/// <paramref name="BaselineTraining"/> has epochs, every weight trains from there (LP-FT).</param>
/// <param name="StressSources">At most this many sources per stress-tested split (val, test), drawn with the seed.</param>
/// <param name="Budgets">The K values to try (number of added images).</param>
/// <param name="AddedShare">Share of the training weight given to the K added images (the mixing ratio).</param>
/// <param name="TargetedCandidates">The targeted selection makes this many counterfactuals of the flagged kinds per added image
/// and keeps, class by class, the K the baseline gets most wrong (hard-example mining); 1: the first K drawn, as they come.</param>
/// <param name="GroupAttribute">The attribute that, with the class, defines groups (the shortcut's attribute), if known.</param>
/// <param name="Methods">The reinforcement methods to run, by name (see <see cref="Reinforcement.ReinforcementRegistries"/>); null: every registered one.</param>
/// <param name="Selections">The selections to pair them with, by name; null: every registered one.</param>
/// <param name="ReinforceAnyway">Reinforce even when the stress test flagged no weakness on validation (all kinds are then targeted).</param>
/// <param name="MaxOriginalDrop">The validation accuracy on originals a chosen blend may lose (0..1): where the shortcut predicts
/// the label better than the subject, robustness costs originals and the user states how much (--max-orig-drop).</param>
/// <param name="BlendRule">How α is chosen among the blends within that drop (--blend; <see cref="Reinforcement.BlendChoice"/>).</param>
public sealed record ModelRunSettings(
    int Seed,
    string ModelTag,
    bool LinearProbeBaseline,
    TrainingOptions BaselineTraining,
    TrainingOptions FineTuneTraining,
    int StressSources,
    IReadOnlyList<int> Budgets,
    IReadOnlyList<string>? Methods = null,
    IReadOnlyList<string>? Selections = null,
    bool ReinforceAnyway = false,
    double AddedShare = 0.5,
    int TargetedCandidates = 1,
    string? GroupAttribute = null,
    double MinimumEffect = Analysis.StressTest.DefaultMinimumEffect,
    double MaxOriginalDrop = Reinforcement.BlendChoice.MaxOriginalDrop,
    string BlendRule = Reinforcement.BlendChoice.Best);
