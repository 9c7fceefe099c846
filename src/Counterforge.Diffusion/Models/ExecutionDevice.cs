using Microsoft.ML.OnnxRuntime;

namespace Counterforge.Diffusion.Models;

/// <summary>Where the graphs run (<c>--device cpu|cuda</c>).</summary>
public enum ExecutionDevice
{
    Cpu,
    /// <summary>ONNX Runtime's CUDA execution provider; needs the Microsoft.ML.OnnxRuntime.Gpu.Linux native build.</summary>
    Cuda,
}

/// <summary>Session options for a device, with a message that says what to install when CUDA is not available.</summary>
public static class ExecutionDevices
{
    public static SessionOptions CreateOptions(ExecutionDevice device)
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        // Between two UNet runs the pipeline's own step code needs the cores; spinning intra-op threads would take them.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (device == ExecutionDevice.Cpu) return options;
        try
        {
            options.AppendExecutionProvider_CUDA();
            return options;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            options.Dispose();
            throw new InvalidOperationException(CudaUnavailable(File.Exists(Path.Combine(AppContext.BaseDirectory, CudaProviderLibrary))) + $" ({e.Message})", e);
        }
    }

    public const string CudaProviderLibrary = "libonnxruntime_providers_cuda.so";

    /// <summary>What to do, told apart by whether this build carries the CUDA provider at all.</summary>
    public static string CudaUnavailable(bool buildHasCudaProvider) => buildHasCudaProvider
        ? "--device cuda: ONNX Runtime's CUDA provider could not load its libraries: it needs an NVIDIA driver (libcuda.so.1) and " +
          "the CUDA 13 runtime, cuBLAS and cuRAND (libcudart.so.13, libcublas.so.13, libcublasLt.so.13, libcurand.so.10) on the " +
          "library path, or use --device cpu."
        : "--device cuda: this build has no CUDA provider: build with -p:OnnxRuntimeGpu=true (Microsoft.ML.OnnxRuntime.Gpu.Linux " +
          "instead of the CPU package), or use --device cpu.";
}
