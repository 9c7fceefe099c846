using System.Diagnostics;
using System.Globalization;
using Counterforge.Core.Edits;
using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Models;
using Counterforge.Diffusion.Pipeline;
using Counterforge.Diffusion.Tests.Models;

namespace Counterforge.Bench;

/// <summary>
/// Time and managed allocation per UNet step spent outside ONNX Runtime's run calls, for every editor's sampling
/// loop at SD 1.5's tensor shapes (latents 4×64×64, text states 77×768, CFG batches of 2–4), on stand-in graphs
/// whose own cost is negligible. The overhead is set against published SD 1.5 UNet step costs.
/// </summary>
internal static class DiffusionOverheadBenchmark
{
    private const int WarmUpEdits = 3;
    private const int MeasuredEdits = 5;

    /// <summary>
    /// SD 1.5, 512×512, CFG batch 2, one A100 80 GB SXM (fal-ai/stable-diffusion-benchmarks, end-to-end it/s):
    /// TensorRT 9 with CUDA graphs 61.14 it/s, diffusers (torch 2.1, SDPA) 31.19 it/s.
    /// </summary>
    private static readonly (string Name, double Milliseconds)[] StepCosts =
    [
        ("A100 TensorRT 9 (61.1 it/s)", 1000 / 61.14),
        ("A100 diffusers SDPA (31.2 it/s)", 1000 / 31.19),
        ("CPU, assumed 1 s/step", 1000),
    ];

    public static void Run(int steps, ExecutionDevice device)
    {
        string root = Directory.CreateTempSubdirectory("cf-overhead-").FullName;
        try
        {
            string textToImage = Path.Combine(root, "sd15"), pix2pix = Path.Combine(root, "ip2p");
            Directory.CreateDirectory(textToImage);
            Directory.CreateDirectory(pix2pix);
            new StandInModelSet { Unet = StandInUnet.Smooth, HiddenSize = 768, UnetHiddenSize = 768 }.WriteTo(textToImage);
            new StandInModelSet { UnetInChannels = 8, HiddenSize = 768, UnetHiddenSize = 768 }.WriteTo(pix2pix);
            using var model = StableDiffusion.Load(textToImage, device, resolution: 512);
            using var pix2pixModel = StableDiffusion.Load(pix2pix, device, resolution: 512);
            var cases = new (string Label, DiffusionEditor Editor)[]
            {
                ("sdedit (ddim)", DiffusionEditors.Create(DiffusionEditors.SdEdit, model, new() { Steps = steps, Strength = 1.0 })),
                ("sdedit (euler)", DiffusionEditors.Create(DiffusionEditors.SdEdit, model, new() { Sampler = SamplerKind.Euler, Steps = steps, Strength = 1.0 })),
                ("ddim-inversion", DiffusionEditors.Create(DiffusionEditors.DdimInversion, model, new() { Steps = steps, Strength = 1.0 })),
                ("diffedit", DiffusionEditors.Create(DiffusionEditors.DiffEdit, model, new() { Steps = steps })),
                ("virtual-inversion (ddim)", DiffusionEditors.Create(DiffusionEditors.VirtualInversion, model, new() { Steps = steps, Sampler = SamplerKind.Ddim })),
                ("virtual-inversion (lcm, 15)", DiffusionEditors.Create(DiffusionEditors.VirtualInversion, model, new() { Sampler = SamplerKind.Lcm })),
                ("instruct-pix2pix", DiffusionEditors.Create(DiffusionEditors.InstructPix2Pix, pix2pixModel, new() { Steps = steps })),
            };
            // Warm-up pass over every editor first: the sessions' first runs, runners made, captions cached, and the
            // shared step code promoted to the optimising JIT tier before anything is measured.
            foreach (var (_, editor) in cases)
                for (int i = 0; i < WarmUpEdits; i++) editor.Edit(Request);
            var rows = cases.Select(c => Measure(c.Editor, c.Label)).ToList();
            foreach (var (_, editor) in cases) editor.Dispose();

            Console.WriteLine($"UNet steps outside ONNX Runtime, SD 1.5 shapes (latents 1×4×64×64, text 77×768), {device.ToString().ToLowerInvariant()}, " +
                              $"{Environment.ProcessorCount} cores, {steps} steps; {WarmUpEdits} warm-up edits per editor first, then the median of {MeasuredEdits} measured edits per row");
            bool tiered = !AppContext.TryGetSwitch("System.Runtime.TieredCompilation", out bool enabled) || enabled;
            Console.WriteLine($"JIT: tiered compilation {(tiered ? "on" : "off (fully optimised code from the first call, i.e. the steady state of a long run)")}");
            Console.WriteLine("outside = the calling thread's CPU time per UNet step outside Run (wall time beside it: on a shared machine it includes time other processes took)");
            Console.WriteLine($"{"editor",-28} {"runs",5} {"outside CPU µs",15} {"outside wall µs",16} {"bytes/step",11} {"stand-in Run µs",16}  CPU outside as a share of: " +
                              string.Join(" | ", StepCosts.Select(c => c.Name)));
            foreach (var r in rows)
            {
                string shares = string.Join("  ", StepCosts.Select(c => (r.OutsideCpu / (c.Milliseconds * 1000)).ToString("P3", CultureInfo.InvariantCulture)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Editor,-28} {r.Runs,5} {r.OutsideCpu,15:F1} {r.OutsideWall,16:F1} {r.BytesPerRun,11:F0} {r.InsideWall,16:F1}  {shares}"));
            }
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    private sealed record Row(string Editor, long Runs, double OutsideCpu, double OutsideWall, double BytesPerRun, double InsideWall);

    /// <summary>An edit of a 512×512 image's latent (its pixels are not used by the methods' sampling loops).</summary>
    private static readonly EditRequest Request = new(new float[3 * 512 * 512], 512, 512, new Latent(new GaussianNoise(1).Next(4 * 64 * 64), 64, 64),
        new Edit("bench", "a photo of a cat on grass", "a photo of a cat on snow", "background", "grass", "snow"), Seed: 1);

    private static Row Measure(DiffusionEditor editor, string label)
    {
        var model = editor.Model;
        var measured = new List<Row>();
        for (int i = 0; i < MeasuredEdits; i++)
        {
            var (runsBefore, insideBefore, cpuInsideBefore) = model.UnetUsage;
            long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp(), cpuStart = ThreadCpuClock.Nanoseconds();
            editor.Edit(Request);
            var wall = Stopwatch.GetElapsedTime(start);
            var cpu = TimeSpan.FromTicks((ThreadCpuClock.Nanoseconds() - cpuStart) / 100);
            long bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            var (runsAfter, insideAfter, cpuInsideAfter) = model.UnetUsage;
            long runs = runsAfter - runsBefore;
            measured.Add(new Row(label, runs, (cpu - (cpuInsideAfter - cpuInsideBefore)).TotalMicroseconds / runs,
                (wall - (insideAfter - insideBefore)).TotalMicroseconds / runs, (double)bytes / runs, (insideAfter - insideBefore).TotalMicroseconds / runs));
        }
        // The median edit by CPU time: the machine may be shared, and a single edit can be slowed by a neighbour.
        return measured.OrderBy(m => m.OutsideCpu).ElementAt(measured.Count / 2);
    }
}
