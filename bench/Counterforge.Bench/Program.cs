using Counterforge.Bench;

// Benchmarks print what they measured side by side, from one run, on this machine.
//   dotnet run -c Release --project bench/Counterforge.Bench -- demo-quick [--seeds 1,2,3] [--out runs/bench]
//   dotnet run -c Release --project bench/Counterforge.Bench -- input-pipeline [--out runs/bench]
//   dotnet run -c Release --project bench/Counterforge.Bench -- diffusion-overhead [--steps 50] [--device cpu|cuda]
var command = args.FirstOrDefault() ?? "demo-quick";
var seeds = Option(args, "--seeds", "1,2,3").Split(',').Select(int.Parse).ToList();
var output = Option(args, "--out", Path.Combine("runs", "bench"));
var extra = Option(args, "--demo-args", "");
switch (command)
{
    case "demo-quick":
        DemoBenchmark.Run(seeds, output, extra.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return 0;
    case "input-pipeline":
        InputPipelineBenchmark.Run(output);
        return 0;
    case "diffusion-overhead":
        DiffusionOverheadBenchmark.Run(int.Parse(Option(args, "--steps", "50"), System.Globalization.CultureInfo.InvariantCulture),
            Enum.Parse<Counterforge.Diffusion.Models.ExecutionDevice>(Option(args, "--device", "cpu"), ignoreCase: true));
        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{command}'; known: demo-quick, input-pipeline, diffusion-overhead");
        return 1;
}

static string Option(string[] args, string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
