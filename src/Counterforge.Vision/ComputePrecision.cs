namespace Counterforge.Vision;

/// <summary>
/// The number format of forward and backward passes. Weights, optimiser state, batch-norm statistics kept between runs
/// and saved files stay float32 in both: bfloat16 runs on a twin of the network (see <see cref="Modules.LowPrecisionTwin"/>).
/// </summary>
public enum ComputePrecision
{
    Float32,
    BFloat16,
}

/// <summary>The <c>--precision</c> names and the choice <c>auto</c> makes on this CPU.</summary>
public static class ComputePrecisions
{
    public const string Auto = "auto";
    public const string Float32Name = "fp32";
    public const string BFloat16Name = "bf16";

    public static IReadOnlyList<string> Names { get; } = [Auto, Float32Name, BFloat16Name];

    private static readonly Lazy<bool> NativeBFloat16 = new(() => CpuFlagsHaveNativeBFloat16(ReadCpuFlags()));

    /// <summary>True where the CPU multiplies bfloat16 in hardware (AVX512-BF16 or AMX). Elsewhere libtorch emulates bfloat16,
    /// which is slower than float32, so <c>auto</c> keeps float32 there.</summary>
    public static bool CpuHasNativeBFloat16 => NativeBFloat16.Value;

    /// <summary>Parses a <c>--precision</c> value; <c>auto</c> is bf16 on a CPU with native bfloat16, fp32 elsewhere.</summary>
    public static ComputePrecision Parse(string name) => name switch
    {
        Auto => CpuHasNativeBFloat16 ? ComputePrecision.BFloat16 : ComputePrecision.Float32,
        Float32Name => ComputePrecision.Float32,
        BFloat16Name => ComputePrecision.BFloat16,
        _ => throw new ArgumentException($"Unknown precision '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
    };

    public static string NameOf(ComputePrecision precision) => precision == ComputePrecision.BFloat16 ? BFloat16Name : Float32Name;

    /// <summary>Whether a <c>flags</c> line of /proc/cpuinfo names a native bfloat16 instruction set.</summary>
    internal static bool CpuFlagsHaveNativeBFloat16(string flags) =>
        flags.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Any(f => f is "avx512_bf16" or "amx_bf16");

    private static string ReadCpuFlags()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? "";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
