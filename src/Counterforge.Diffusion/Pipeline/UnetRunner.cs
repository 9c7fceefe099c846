using System.Diagnostics;
using Counterforge.Diffusion.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// The UNet for one batch layout (batch size, input channels, latent size): inputs and output bound once through an
/// <see cref="OrtIoBinding"/> to pinned buffers, so each step writes the batch into <see cref="Sample"/>, calls
/// <see cref="Run"/> and reads <see cref="Output"/> without allocating. The timestep is fed in whatever form the export
/// declares (float [] or [B], float16, int64 [1]). Not thread-safe: one denoising loop uses one runner at a time.
/// </summary>
public sealed class UnetRunner : IDisposable
{
    private readonly InferenceSession session;
    private readonly OrtIoBinding binding;
    private readonly RunOptions runOptions = new();
    private readonly HostTensor sample, states, output;
    private readonly HostTensor? floatTimestep;
    private readonly long[]? intTimestep;
    private readonly OrtValue? intTimestepValue;
    private long runTicks, cpuNanoseconds;
    private bool statesChanged = true;
    private object? statesOwner;

    internal UnetRunner(InferenceSession session, ModelSetSignature signature, int batch, int inChannels, int latentHeight, int latentWidth,
                        int sequenceLength, int hiddenSize)
    {
        this.session = session;
        (Batch, InChannels, LatentHeight, LatentWidth) = (batch, inChannels, latentHeight, latentWidth);
        var type = signature.FloatType;
        sample = new HostTensor(type, batch, inChannels, latentHeight, latentWidth);
        states = new HostTensor(type, batch, sequenceLength, hiddenSize);
        output = new HostTensor(type, batch, 4, latentHeight, latentWidth);
        binding = session.CreateIoBinding();
        binding.BindInput("sample", sample.Value);
        binding.BindInput("encoder_hidden_states", states.Value);
        binding.BindOutput("out_sample", output.Value);
        int timestepRank = session.InputMetadata["timestep"].Dimensions.Length;
        if (signature.Timestep == TimestepInput.Int64)
        {
            intTimestep = new long[1];
            intTimestepValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, intTimestep.AsMemory(), timestepRank == 0 ? [] : [1L]);
            binding.BindInput("timestep", intTimestepValue);
        }
        else
        {
            floatTimestep = signature.Timestep == TimestepInput.FloatScalar
                ? new HostTensor(signature.TimestepType)
                : new HostTensor(signature.TimestepType, batch);
            binding.BindInput("timestep", floatTimestep.Value);
        }
    }

    public int Batch { get; }
    public int InChannels { get; }
    public int LatentHeight { get; }
    public int LatentWidth { get; }

    /// <summary>Values of one latent (4 × h × w): one batch item of <see cref="Output"/>.</summary>
    public int LatentLength => 4 * LatentHeight * LatentWidth;

    /// <summary>The UNet's input batch [B, C_in, h, w]; the caller fills it before every <see cref="Run"/>.</summary>
    public Span<float> Sample => sample.Data;

    /// <summary>The text conditioning [B, 77, D]; whoever writes it calls <see cref="StatesWritten"/>.</summary>
    public Span<float> States => states.Data;

    /// <summary>
    /// Whether <paramref name="owner"/> wrote the current <see cref="States"/>: several predictors may share this runner,
    /// and each refills the states only when another one wrote them last, so a loop with one predictor fills them once.
    /// </summary>
    public bool OwnsStates(object owner) => ReferenceEquals(statesOwner, owner);

    /// <summary>Records who wrote <see cref="States"/>, and that they must be uploaded again.</summary>
    public void StatesWritten(object owner)
    {
        statesOwner = owner;
        statesChanged = true;
    }

    /// <summary>The prediction [B, 4, h, w] of the last <see cref="Run"/>.</summary>
    public ReadOnlySpan<float> Output => output.Data;

    /// <summary>Item <paramref name="index"/> of the batched sample (C_in × h × w values).</summary>
    public Span<float> SampleItem(int index) => sample.Data.AsSpan(index * InChannels * LatentHeight * LatentWidth, InChannels * LatentHeight * LatentWidth);

    /// <summary>Item <paramref name="index"/> of the batched prediction (4 × h × w values).</summary>
    public ReadOnlySpan<float> OutputItem(int index) => output.Data.AsSpan(index * LatentLength, LatentLength);

    /// <summary>Time spent inside ONNX Runtime's run calls since this runner was made (for the overhead benchmark).</summary>
    public TimeSpan TimeInRuntime => Stopwatch.GetElapsedTime(0, runTicks);

    /// <summary>CPU time the calling thread spent inside ONNX Runtime's run calls (Linux; 0 elsewhere).</summary>
    public TimeSpan CpuInRuntime => TimeSpan.FromTicks(cpuNanoseconds / 100);

    /// <summary>Run calls since this runner was made.</summary>
    public long Runs { get; private set; }

    /// <summary>Runs the UNet at a training timestep on the current <see cref="Sample"/> and <see cref="States"/>.</summary>
    public void Run(int timestep)
    {
        if (intTimestep is not null) intTimestep[0] = timestep;
        else
        {
            floatTimestep!.Data.AsSpan().Fill(timestep);
            floatTimestep.Upload();
        }
        sample.Upload();
        if (statesChanged) states.Upload();
        statesChanged = false;
        long start = Stopwatch.GetTimestamp(), cpuStart = ThreadCpuClock.Nanoseconds();
        session.RunWithBinding(runOptions, binding);
        cpuNanoseconds += ThreadCpuClock.Nanoseconds() - cpuStart;
        runTicks += Stopwatch.GetTimestamp() - start;
        Runs++;
        output.Download();
    }

    public void Dispose()
    {
        binding.Dispose();
        runOptions.Dispose();
        sample.Dispose();
        states.Dispose();
        output.Dispose();
        floatTimestep?.Dispose();
        intTimestepValue?.Dispose();
    }
}
