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
            throw new InvalidOperationException(
                "--device cuda: ONNX Runtime's CUDA execution provider is not available in this build " +
                "(it needs the Microsoft.ML.OnnxRuntime.Gpu.Linux package, an NVIDIA driver and CUDA/cuDNN libraries); " +
                $"use --device cpu. ({e.Message})", e);
        }
    }
}
