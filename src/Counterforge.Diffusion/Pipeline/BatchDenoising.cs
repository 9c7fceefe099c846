using Counterforge.Diffusion.Schedulers;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// Denoises many latents together: jobs that share a plan, a guidance and a latent size go through each UNet call as one
/// batch (two items each, unconditional and conditional, under guidance). On the miniature scenes model a batch of 64 costs
/// a third per item of what a batch of 2 does. Every item is computed as it would be alone (a batch of one),
/// and where the runtime's kernels give each batch item the same bits whatever shares its batch, the results are the same bits:
/// so they are with ONNX Runtime's CPU kernels and the shipped scenes model (the generation-batching benchmark compares the
/// bytes). A graph whose kernels round by batch size (the tests' stand-ins reduce over the whole text-state tensor) gives the
/// same images up to float rounding.
/// </summary>
internal static class BatchDenoising
{
    /// <summary>Latent cells per UNet call at most: a batch of 32 guided items at the miniature model's 8×8, one at SD's 64×64
    /// (where a bigger batch buys little on a CPU and costs its memory).</summary>
    internal const int MaxCellsPerCall = 64 * 64;

    public static void Run(StableDiffusion model, IEnumerable<DenoiseJob> jobs)
    {
        foreach (var group in jobs.GroupBy(j => j.BatchKey))
        {
            var first = group.First();
            int itemsPerJob = first.Guidance != 1 ? 2 : 1;
            int perCall = Math.Max(1, MaxCellsPerCall / (itemsPerJob * first.LatentHeight * first.LatentWidth));
            foreach (var batch in group.Chunk(perCall)) Denoise(model, batch, itemsPerJob);
        }
    }

    private static void Denoise(StableDiffusion model, DenoiseJob[] jobs, int itemsPerJob)
    {
        var first = jobs[0];
        var runner = model.Unet(jobs.Length * itemsPerJob, 4, first.LatentHeight, first.LatentWidth);
        int states = runner.States.Length / runner.Batch;
        var unconditional = itemsPerJob == 2 ? model.TextEncoder.Encode("") : null;
        for (int j = 0; j < jobs.Length; j++)
        {
            var items = runner.States.Slice(j * itemsPerJob * states, itemsPerJob * states);
            unconditional?.CopyTo(items);
            model.TextEncoder.Encode(jobs[j].Caption).CopyTo(items[((itemsPerJob - 1) * states)..]);
        }
        runner.StatesWritten(jobs);
        int length = runner.LatentLength;
        var prediction = new float[length];
        for (int i = 0; i < first.Plan.Length; i++)
        {
            int timestep = first.Plan[i], next = NoiseSchedule.Next(first.Plan, i);
            for (int j = 0; j < jobs.Length; j++)
            {
                jobs[j].Scheduler.ScaleModelInput(jobs[j].Latent, timestep, runner.SampleItem(j * itemsPerJob));
                if (itemsPerJob == 2) runner.SampleItem(j * 2).CopyTo(runner.SampleItem(j * 2 + 1));
            }
            runner.Run(timestep);
            for (int j = 0; j < jobs.Length; j++)
            {
                var job = jobs[j];
                var output = runner.Output.Slice(j * itemsPerJob * length, itemsPerJob * length);
                if (itemsPerJob == 2) ClassifierFreeGuidance.Combine(output, (float)job.Guidance, prediction);
                else output.CopyTo(prediction);
                job.Scheduler.Step(prediction, timestep, next, job.Latent, job.Latent, default);
                if (job.BlendMask is not null) DdimPaths.Blend(job.Latent, job.Reference![i + 1], job.BlendMask);
            }
        }
    }
}
