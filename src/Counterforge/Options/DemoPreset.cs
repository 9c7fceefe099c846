using Counterforge.Core.Pipeline;
using Counterforge.Vision;

namespace Counterforge.Options;

/// <summary>
/// The demo as options: the scenes world with a planted shortcut, rendered into the run folder, and the run's own
/// defaults. Quick: the pretrained backbone only, 400 train images at 128 px (at 64 px its ImageNet features barely encode
/// these shapes), one edit per kind, K = 5 % of train — which is exactly what a run on such a folder gets with no options.
/// Full: 2000 train images at 64 px, the pretrained backbone and a ResNet-18 trained here from scratch, three edits per
/// kind, 400 stress-tested sources, K swept over 1, 5, 10 and 25 % of train. With a diffusion editor the quick world has
/// three edits per kind too, its full fine-tunes take ten epochs, and its blends are chosen by <c>--blend strongest</c>.
/// </summary>
public static class DemoPreset
{
    /// <summary>Full fine-tune epochs of the quick demo with a diffusion editor (see docs/generative.md, section 5).</summary>
    public const int GenerativeQuickFineTuneEpochs = 10;

    public static CounterforgeOptions Create(bool quick = true, int seed = 1, ShortcutInfo? shortcut = null, int? trainCount = null, int? imageSize = null,
        int? scratchEpochs = null, IReadOnlyList<string>? architectures = null, int? fineTuneEpochs = null, double? fineTuneLearningRate = null,
        double? minimumEffect = null, string precision = ComputePrecisions.Auto, string? editor = null, bool keepSourceDetail = false, bool protectSubject = false, int? resolution = null)
    {
        var world = new ScenesWorld(trainCount ?? (quick ? 400 : 2000), imageSize ?? (quick ? 128 : 64)) { Shortcut = shortcut ?? new ShortcutInfo("background", 0.95) };
        var chosen = architectures is { Count: > 0 } ? architectures : quick ? [ClassifierRegistry.ResNet18Pretrained] : [ClassifierRegistry.ResNet18Pretrained, ClassifierRegistry.ResNet18];
        bool generative = editor is not (null or "scene");
        var models = chosen.Select(arch => new ModelOptions
        {
            Architecture = arch,
            Precision = precision,
            // Generated counterfactuals teach the pretrained model more slowly than exact ones: at ten epochs what they close on
            // the renderer's images is 52.5 % of what the exact editor's close (seeds 1-3), at the run's default three, 37 %.
            FineTuneEpochs = fineTuneEpochs ?? (quick && generative ? GenerativeQuickFineTuneEpochs : null),
            FineTuneLearningRate = fineTuneLearningRate,
        }).Select(m => ClassifierRegistry.Canonical(m.Architecture) == ClassifierRegistry.ResNet18Pretrained ? m : m with
        {
            // A network trained here from scratch on a small world trains for a number of epochs fitted to its size.
            Epochs = scratchEpochs ?? (quick ? 6 : 15),
        }).ToList();
        var defaults = new CounterforgeOptions();
        return defaults with
        {
            Seed = seed,
            Data = new DataOptions { Scenes = world },
            Models = models,
            // A generator's counterfactuals flip a classifier less cleanly than exact ones (its null edit flips some too), so the
            // quick world's 100 validation sources get three edits per kind with a diffusion editor: the power to flag it.
            Edits = defaults.Edits with { EditsPerKind = quick && !generative ? 1 : 3 },
            Stress = new StressOptions(quick ? 200 : 400, minimumEffect ?? Core.Analysis.StressTest.DefaultMinimumEffect),
            // A generator's 200-odd validation counterfactuals tie or nearly tie blends whose repair carries over to exact renders
            // the more the larger α is (every one of eight seeds), so its blend is the strongest within one standard error.
            Reinforcement = defaults.Reinforcement with
            {
                Budgets = quick ? ["5%"] : ["1%", "5%", "10%", "25%"],
                BlendRule = generative ? Core.Reinforcement.BlendChoice.Strongest : defaults.Reinforcement.BlendRule,
            },
            // A diffusion editor runs on the shipped miniature scenes model, in 25 steps (half the published 50: the quick world's
            // 4,320 edits then take about 4.5 minutes on 2 cores one at a time, about half that in the generation stage's batches);
            // the attribute oracle keeps only what it reads as the edit made with the subject intact, as LANCE keeps only what its
            // CLIP checks pass.
            Generation = !generative ? defaults.Generation with { ProtectSubject = protectSubject }
                : defaults.Generation with
                {
                    Editor = editor, Filter = "oracle", Steps = quick ? 25 : null, KeepSourceDetail = keepSourceDetail, ProtectSubject = protectSubject,
                    Resolution = resolution,
                },
        };
    }
}
