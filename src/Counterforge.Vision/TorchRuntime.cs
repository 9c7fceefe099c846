using TorchSharp;

namespace Counterforge.Vision;

/// <summary>One-time process-wide TorchSharp settings.</summary>
internal static class TorchRuntime
{
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        torch.set_num_threads(Environment.ProcessorCount);
        return true;
    });

    public static void EnsureInitialized() => _ = Initialized.Value;
}
