using System.Text.Json;
using Counterforge.Diffusion.Schedulers;
using Counterforge.Diffusion.Tokenizer;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Diffusion.Models;

/// <summary>
/// A Stable Diffusion model set in optimum's ONNX layout, opened once: configs and tokenizer read, the four graphs'
/// sessions created and their signatures checked, so every later run reuses the sessions. Any problem is a
/// <see cref="ModelSetException"/> naming the file; on failure no session is left open.
/// </summary>
public sealed class ModelSet : IDisposable
{
    private ModelSet(ModelSetLayout layout, SchedulerConfig scheduler, ClipTokenizer tokenizer,
                     InferenceSession[] sessions, ModelSetSignature signature)
    {
        Layout = layout;
        SchedulerConfig = scheduler;
        Tokenizer = tokenizer;
        (TextEncoder, Unet, VaeEncoder, VaeDecoder) = (sessions[0], sessions[1], sessions[2], sessions[3]);
        Signature = signature;
        Fingerprint = FingerprintOf(layout);
    }

    public ModelSetLayout Layout { get; }
    public SchedulerConfig SchedulerConfig { get; }
    public ClipTokenizer Tokenizer { get; }
    public ModelSetSignature Signature { get; }
    public InferenceSession TextEncoder { get; }
    public InferenceSession Unet { get; }
    public InferenceSession VaeEncoder { get; }
    public InferenceSession VaeDecoder { get; }

    /// <summary>The content of every file of the set, by relative path: changes when any graph, weight file or config changes,
    /// and not when the set is copied or moved, so a run records which model made its images.</summary>
    public string Fingerprint { get; }

    public static ModelSet Load(string directory, ExecutionDevice device = ExecutionDevice.Cpu)
    {
        using var options = ExecutionDevices.CreateOptions(device);
        return Load(directory, options);
    }

    /// <param name="options">Used for all four sessions (the caller keeps ownership).</param>
    public static ModelSet Load(string directory, SessionOptions options)
    {
        var layout = new ModelSetLayout(Path.GetFullPath(directory));
        layout.CheckComplete();
        CheckModelIndex(layout.ModelIndex);
        var scheduler = SchedulerConfig.Load(layout.SchedulerConfig);
        var tokenizer = ClipTokenizer.Load(layout.TokenizerDirectory);

        var sessions = new List<InferenceSession>(4);
        try
        {
            var text = SignatureChecks.TextEncoder(layout.TextEncoder, Open(layout.TextEncoder, options, sessions));
            var unet = SignatureChecks.Unet(layout.Unet, Open(layout.Unet, options, sessions));
            var (encoderType, encoderOutput) = SignatureChecks.VaeEncoder(layout.VaeEncoder, Open(layout.VaeEncoder, options, sessions));
            var decoderType = SignatureChecks.VaeDecoder(layout.VaeDecoder, Open(layout.VaeDecoder, options, sessions));

            // The UNet's precision is the reference: the pipeline hands tensors between the graphs without casting.
            CheckFloatType(layout.TextEncoder, text.FloatType, unet.FloatType);
            CheckFloatType(layout.VaeEncoder, encoderType, unet.FloatType);
            CheckFloatType(layout.VaeDecoder, decoderType, unet.FloatType);
            if (text.HiddenSize is int d && unet.HiddenSize is int u && d != u)
                throw new ModelSetException(layout.Unet, $"encoder_hidden_states has width {u} but the text encoder's last_hidden_state has {d}");

            var signature = new ModelSetSignature(unet.FloatType, text.IdsType, unet.Timestep, unet.TimestepType,
                text.HiddenSize ?? unet.HiddenSize, unet.InChannels, encoderOutput);
            return new ModelSet(layout, scheduler, tokenizer, [.. sessions], signature);
        }
        catch
        {
            foreach (var session in sessions) session.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        TextEncoder.Dispose();
        Unet.Dispose();
        VaeEncoder.Dispose();
        VaeDecoder.Dispose();
    }

    /// <summary>Every file's relative path and SHA-256: the graphs are read whole when they load, so hashing them costs about
    /// as much again once, and the same set copied anywhere gives the same fingerprint.</summary>
    private static string FingerprintOf(ModelSetLayout layout)
    {
        var files = new DirectoryInfo(layout.Directory).EnumerateFiles("*", SearchOption.AllDirectories)
            .Select(f => (Name: Path.GetRelativePath(layout.Directory, f.FullName).Replace('\\', '/'), f.FullName))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => $"{f.Name}:{ContentHash(f.FullName)}");
        return Core.Runs.StableHash.Of(string.Join("\n", files)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string ContentHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream));
    }

    private static InferenceSession Open(string path, SessionOptions options, List<InferenceSession> opened)
    {
        try
        {
            var session = new InferenceSession(path, options);
            opened.Add(session);
            return session;
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelSetException(path, $"ONNX Runtime cannot load this graph (corrupt or unsupported file?): {e.Message}", e);
        }
    }

    private static void CheckFloatType(string path, TensorElementType actual, TensorElementType unet)
    {
        if (actual != unet)
            throw new ModelSetException(path, $"the graph is {GraphInspector.Type(actual)} but the UNet is {GraphInspector.Type(unet)}; export all graphs at one precision");
    }

    /// <summary>model_index.json must be a JSON object (its component list is informational: the layout decides).</summary>
    private static void CheckModelIndex(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new ModelSetException(path, "expected a JSON object");
        }
        catch (JsonException e) { throw new ModelSetException(path, $"not valid JSON ({e.Message})", e); }
    }
}
