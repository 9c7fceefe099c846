using System.Globalization;
using Counterforge.Bench;

// Benchmarks print what they measured side by side, from one run, on this machine.
//   dotnet run -c Release --project bench/Counterforge.Bench -- demo-quick [--seeds 1,2,3] [--out runs/bench]
//   dotnet run -c Release --project bench/Counterforge.Bench -- input-pipeline [--out runs/bench]
//   dotnet run -c Release --project bench/Counterforge.Bench -- diffusion-overhead [--steps 50] [--device cpu|cuda]
//   dotnet run -c Release --project bench/Counterforge.Bench -- pytorch [--threads 2] [--reps 5] [--scales 1,2,4|none] [--seed 1]
//       resnet18 train/eval at 64² and 224² and the input pipeline against PyTorch, then demo --quick at 1×, 2×, 4× the data
//   dotnet run -c Release --project bench/Counterforge.Bench -- pytorch-phases [--size 224] [--batch 16] [--threads 2] [--reps 5]
//   dotnet run -c Release --project bench/Counterforge.Bench -- demo-scaling [--scales 1,2,4] [--seed 1]
//   dotnet run -c Release --project bench/Counterforge.Bench -- scenes-generation [--count 300] [--seed 1] [--steps 50] [--guidance 7.5] [--models DIR] [--grid PNG]
//       the miniature scenes model's text-to-image accuracy per attribute (attribute oracle) and a sample grid
//   dotnet run -c Release --project bench/Counterforge.Bench -- generation-batching [--scenes 40] [--seed 1] [--models DIR]
//   dotnet run -c Release --project bench/Counterforge.Bench -- subject-mask [--scenes 200] [--seed 1] [--encode 0.3,0.5,0.7] [--models DIR]
//   dotnet run -c Release --project bench/Counterforge.Bench -- scenes-editors [--scenes 200] [--seed 1] [--steps N] [--models DIR] [--keep-source-detail] [--protect-subject] [--mask-ratio R] [--editors a,b]
//       every diffusion editor per edit kind on the miniature scenes model, the exact scene editor as the ceiling
//   dotnet run -c Release --project bench/Counterforge.Bench -- precision [--reps 5]
//       bf16 vs fp32 compute: mlnet-resnet18 128² and resnet18 224² train and eval throughput, and agreement
//   dotnet run -c Release --project bench/Counterforge.Bench -- report-scale [--pairs 100,1000,10000] [--reps 5]
//       report.html and gallery data sizes, write time, and first paint / gallery ready in Debian's chromium
//   dotnet run -c Release --project bench/Counterforge.Bench -- finetune-probe --run RUN [--arch resnet18] [--image-size 64]
//       [--precision bf16|fp32] [--kind background] [--k 30] [--share 0.5] [--epochs 2] [--lr 0.01] [--bn adapt|keep] [--freeze conv1,bn1] [--from-scratch]
//       one full fine-tune of RUN's baseline on the K counterfactuals it gets most wrong: loss by tenth, accuracy before and after (docs/repair.md)
//   dotnet run -c Release --project bench/Counterforge.Bench -- colored-fashion [--out runs/bench/colored-fashion] [--train 4000] [--size 28] [--seed 1]
//       dataset (a) of docs/repair.md: Colored Fashion-MNIST with the IRM-games protocol (colour agrees with the label in train,
//       reversed in test; needs apt-get install -y dataset-fashion-mnist); then counterforge run --data OUT --group-by color
//   dotnet run -c Release --project bench/Counterforge.Bench -- fashion-backgrounds [--out runs/bench/fashion-backgrounds] [--train 1500] [--size 64] [--shortcut 0.95] [--seed 1]
//       dataset (b) of docs/repair.md: Fashion-MNIST items pasted with their masks on photographs, background shortcut 0.95
//       (--shortcut 0.2: every class on every photograph equally often, the world without the shortcut)
//       (needs apt-get install -y dataset-fashion-mnist plasma-workspace-wallpapers); then counterforge run --data OUT --backgrounds OUT/bank --group-by background
//       [--image-folder DIR] also writes it as a user's folder: DIR/photos/<split>/<class>/*.png (ImageFolder), DIR/masks, DIR/bank
//   dotnet run -c Release --project bench/Counterforge.Bench -- shards [--shards 2,4] [--count 240] [--size 32] [--seed 1] [--settings "--editor ..."]
//       caption, perturb, generate and the stress test's predictions by N local `--shard i/N` processes against one process:
//       wall ratio, per-shard imbalance, the cost of reading N shards' files (deploy/README.md)
var command = args.FirstOrDefault() ?? "demo-quick";
var output = Option(args, "--out", Path.Combine("runs", "bench"));
var scalesText = Option(args, "--scales", "1,2,4");
var scales = scalesText == "none" ? [] : scalesText.Split(',').Select(int.Parse).ToList();
int seed = int.Parse(Option(args, "--seed", "1"), CultureInfo.InvariantCulture);
switch (command)
{
    case "demo-quick":
        var seeds = Option(args, "--seeds", "1,2,3").Split(',').Select(int.Parse).ToList();
        DemoBenchmark.Run(seeds, output, Option(args, "--demo-args", "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return 0;
    case "pytorch":
        int threads = int.Parse(Option(args, "--threads", "2"), CultureInfo.InvariantCulture);
        int reps = int.Parse(Option(args, "--reps", "5"), CultureInfo.InvariantCulture);
        if (reps < 5) throw new ArgumentException("--reps must be at least 5 (the table reports medians).");
        new PyTorchComparison(threads, reps, output).Run();
        if (scales.Count > 0) DemoScaling.Run(scales, seed, output);
        return 0;
    case "pytorch-phases":
        new PyTorchComparison(int.Parse(Option(args, "--threads", "2"), CultureInfo.InvariantCulture),
            int.Parse(Option(args, "--reps", "5"), CultureInfo.InvariantCulture), output)
            .RunPhases(int.Parse(Option(args, "--size", "224"), CultureInfo.InvariantCulture), int.Parse(Option(args, "--batch", "16"), CultureInfo.InvariantCulture));
        return 0;
    case "precision":
        PrecisionBenchmark.Run(output, int.Parse(Option(args, "--reps", "5"), CultureInfo.InvariantCulture));
        return 0;
    case "demo-scaling":
        DemoScaling.Run(scales, seed, output);
        return 0;
    case "report-scale":
        ReportScaleBenchmark.RunAsync(output, Option(args, "--pairs", "100,1000,10000").Split(',').Select(int.Parse).ToList(),
            int.Parse(Option(args, "--reps", "5"), CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
        return 0;
    case "finetune-probe":
        var freeze = Option(args, "--freeze", "");
        FineTuneProbe.Run(Option(args, "--run", "runs/demo-seed1"), new FineTuneProbe.Recipe(
            Option(args, "--arch", "resnet18"), int.Parse(Option(args, "--image-size", "64"), CultureInfo.InvariantCulture),
            Option(args, "--precision", "bf16") == "fp32" ? Counterforge.Vision.ComputePrecision.Float32 : Counterforge.Vision.ComputePrecision.BFloat16,
            Option(args, "--kind", "background"), int.Parse(Option(args, "--k", "30"), CultureInfo.InvariantCulture),
            double.Parse(Option(args, "--share", "0.5"), CultureInfo.InvariantCulture),
            new Counterforge.Core.Classification.TrainingOptions(int.Parse(Option(args, "--epochs", "2"), CultureInfo.InvariantCulture),
                LearningRate: double.Parse(Option(args, "--lr", "0.01"), CultureInfo.InvariantCulture), Seed: seed,
                FreezeNormalization: Option(args, "--bn", "adapt") == "keep",
                FrozenModules: freeze.Length == 0 ? null : freeze.Split(',')),
            FromScratch: args.Contains("--from-scratch")));
        return 0;
    case "fashion-backgrounds":
        var built = FashionOnBackgrounds.Build(new FashionOnBackgrounds.Options(Option(args, "--out", Path.Combine("runs", "bench", "fashion-backgrounds")),
            int.Parse(Option(args, "--train", "1500"), CultureInfo.InvariantCulture), int.Parse(Option(args, "--size", "64"), CultureInfo.InvariantCulture),
            ShortcutProbability: double.Parse(Option(args, "--shortcut", "0.95"), CultureInfo.InvariantCulture), Seed: seed));
        Console.WriteLine($"{built.Samples.Count} images of {built.Classes.Count} classes in {built.Root} ({string.Join(", ", SplitCounts(built))}); bank in {Path.Combine(built.Root, "bank")}");
        if (Option(args, "--image-folder", null!) is string imageFolder)
        {
            ImageFolderLayout.Write(built, imageFolder);
            Console.WriteLine($"as a user's folder: {Path.Combine(imageFolder, "photos")} (train, val, test), masks in {Path.Combine(imageFolder, "masks")}, bank in {Path.Combine(imageFolder, "bank")}");
        }
        return 0;
    case "colored-fashion":
        var colored = ColoredFashionMnist.Build(new ColoredFashionMnist.Options(Option(args, "--out", Path.Combine("runs", "bench", "colored-fashion")),
            int.Parse(Option(args, "--train", "4000"), CultureInfo.InvariantCulture), int.Parse(Option(args, "--size", "28"), CultureInfo.InvariantCulture), Seed: seed));
        Console.WriteLine($"{colored.Samples.Count} images of {colored.Classes.Count} classes in {colored.Root} ({string.Join(", ", SplitCounts(colored))})");
        return 0;
    case "scenes-generation":
        ScenesGenerationBenchmark.Run(Option(args, "--models", Counterforge.SceneModels.ScenesModelSet.DefaultDirectory),
            int.Parse(Option(args, "--count", "300"), CultureInfo.InvariantCulture), seed,
            int.Parse(Option(args, "--steps", "50"), CultureInfo.InvariantCulture),
            double.Parse(Option(args, "--guidance", "7.5"), CultureInfo.InvariantCulture), Option(args, "--grid", null!));
        return 0;
    case "generation-batching":
        GenerationBatchingBenchmark.Run(Option(args, "--models", Counterforge.SceneModels.ScenesModelSet.DefaultDirectory),
            int.Parse(Option(args, "--scenes", "40"), CultureInfo.InvariantCulture), seed, output);
        return Environment.ExitCode;
    case "subject-mask":
        SubjectMaskBenchmark.Run(Option(args, "--models", Counterforge.SceneModels.ScenesModelSet.DefaultDirectory),
            int.Parse(Option(args, "--scenes", "200"), CultureInfo.InvariantCulture), seed,
            Option(args, "--encode", "0.3,0.5,0.7").Split(',').Select(e => double.Parse(e, CultureInfo.InvariantCulture)).ToList(), output);
        return 0;
    case "scenes-editors":
        string? stepsText = Option(args, "--steps", null!);
        ScenesEditorsBenchmark.Run(Option(args, "--models", Counterforge.SceneModels.ScenesModelSet.DefaultDirectory),
            int.Parse(Option(args, "--scenes", "200"), CultureInfo.InvariantCulture), seed,
            stepsText is null ? null : int.Parse(stepsText, CultureInfo.InvariantCulture), args.Contains("--keep-source-detail"), args.Contains("--protect-subject"),
            Option(args, "--mask-ratio", null!) is string ratioText ? double.Parse(ratioText, CultureInfo.InvariantCulture) : null,
            Option(args, "--editors", null!)?.Split(','), output);
        return 0;
    case "shards":
        ShardBenchmark.Run(Option(args, "--shards", "2,4").Split(',').Select(int.Parse).ToList(),
            int.Parse(Option(args, "--count", "240"), CultureInfo.InvariantCulture), int.Parse(Option(args, "--size", "32"), CultureInfo.InvariantCulture),
            seed, output, Option(args, "--settings", "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return 0;
    case "input-pipeline":
        InputPipelineBenchmark.Run(output);
        return 0;
    case "diffusion-overhead":
        DiffusionOverheadBenchmark.Run(int.Parse(Option(args, "--steps", "50"), CultureInfo.InvariantCulture),
            Enum.Parse<Counterforge.Diffusion.Models.ExecutionDevice>(Option(args, "--device", "cpu"), ignoreCase: true));
        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{command}'; known: demo-quick, pytorch, pytorch-phases, demo-scaling, precision, input-pipeline, diffusion-overhead, report-scale, scenes-generation, scenes-editors, generation-batching, subject-mask, finetune-probe, fashion-backgrounds, colored-fashion, shards");
        return 1;
}

static IEnumerable<string> SplitCounts(Counterforge.Core.Data.Dataset data) =>
    data.Samples.GroupBy(s => s.Split).Select(g => $"{g.Key} {g.Count()}");

static string Option(string[] args, string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
