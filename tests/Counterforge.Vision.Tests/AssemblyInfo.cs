// TorchSharp already uses every core; running test classes side by side only oversubscribes the CPU and blurs timings.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
