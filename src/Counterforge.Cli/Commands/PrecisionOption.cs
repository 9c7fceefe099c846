using System.CommandLine;
using Counterforge.Vision;

namespace Counterforge.Cli.Commands;

/// <summary>"--precision auto|fp32|bf16": the number format the classifier computes in.</summary>
internal static class PrecisionOption
{
    public const string Description = "Classifier arithmetic: bf16 (bfloat16 forward and backward, float32 weights; about 1.8× faster on a CPU " +
        "with AVX512-BF16 or AMX), fp32, or auto (default: bf16 where the CPU has native bfloat16, else fp32). Saved weights are float32 either way.";

    public static Option<string> Create()
    {
        var option = new Option<string>("--precision")
        {
            Description = Description,
            DefaultValueFactory = _ => ComputePrecisions.Auto,
        };
        option.AcceptOnlyFromAmong([.. ComputePrecisions.Names]);
        return option;
    }
}
