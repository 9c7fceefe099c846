using System.Buffers.Binary;
using System.Collections;
using System.IO.Compression;
using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Counterforge.Vision.Weights;

/// <summary>
/// Reads a state dict from safetensors or from a PyTorch <c>torch.save(model.state_dict())</c> zip file (.pt/.pth/.bin),
/// treating the file as untrusted: the safetensors header is checked against the file's size, and the pickle inside a
/// PyTorch file is walked by <see cref="PickleGuard"/> before it is unpickled, so nothing in it can run.
/// </summary>
public static class StateDictFile
{
    public static IReadOnlyList<string> Extensions { get; } = [".safetensors", ".pt", ".pth", ".bin"];

    private const int MaxHeaderBytes = 100 << 20;

    /// <summary>Every tensor in the file by key; the caller disposes them.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file not found: '{path}'.", path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(extension))
            throw new InvalidDataException($"Weights file '{path}': unknown extension '{extension}'; expected one of {string.Join(", ", Extensions)}.");
        try
        {
            return extension == ".safetensors" ? ReadSafetensors(path) : ReadPyTorch(path);
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"Weights file '{path}' cannot be read: {e.Message}", e);
        }
    }

    private static Dictionary<string, Tensor> ReadSafetensors(string path)
    {
        using (var stream = File.OpenRead(path)) CheckSafetensorsHeader(stream, path);
        return Safetensors.LoadStateDict(path);
    }

    /// <summary>8-byte little-endian header length, a JSON header whose every entry lies inside the data and has as many bytes as its dtype × shape.</summary>
    private static void CheckSafetensorsHeader(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8) throw Bad(path, "shorter than the 8-byte header length");
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(prefix);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || headerLength > stream.Length - 8)
            throw Bad(path, $"header length {headerLength} does not fit the file ({stream.Length} bytes)");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataLength = stream.Length - 8 - headerLength;
        using var json = JsonDocument.Parse(header);
        if (json.RootElement.ValueKind != JsonValueKind.Object) throw Bad(path, "the header is not a JSON object");
        foreach (var entry in json.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            var e = entry.Value;
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("dtype", out var dtype) || !e.TryGetProperty("shape", out var shape)
                || !e.TryGetProperty("data_offsets", out var offsets) || shape.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
                throw Bad(path, $"tensor '{entry.Name}' lacks dtype, shape or data_offsets");
            int elementSize = dtype.GetString() switch
            {
                "F64" or "I64" => 8, "F32" or "I32" => 4, "F16" or "BF16" or "I16" => 2, "U8" or "I8" or "BOOL" => 1,
                var other => throw Bad(path, $"tensor '{entry.Name}' has unsupported dtype '{other}'"),
            };
            long count = 1;
            foreach (var d in shape.EnumerateArray())
            {
                long dim = d.GetInt64();
                if (dim < 0 || (dim > 0 && count > long.MaxValue / dim)) throw Bad(path, $"tensor '{entry.Name}' has an invalid shape");
                count *= dim;
            }
            long begin = offsets[0].GetInt64(), end = offsets[1].GetInt64();
            if (begin < 0 || end < begin || end > dataLength || end - begin != count * elementSize)
                throw Bad(path, $"tensor '{entry.Name}' has data offsets [{begin}, {end}] that do not match its shape and the file");
        }
    }

    /// <summary>
    /// One stream, opened once: the archive is walked once and must hold exactly what torch.save writes (one pickle, its
    /// tensor storages, version markers), so the pickle that <see cref="PickleGuard"/> checked is the only one the
    /// unpickler can find in the same bytes it then reads.
    /// </summary>
    private static Dictionary<string, Tensor> ReadPyTorch(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using (var archive = OpenZip(stream, path))
        {
            var pickle = TorchSaveLayout.SinglePickle(archive, path);
            if (pickle.Length > MaxHeaderBytes) throw Bad(path, $"{pickle.FullName} is {pickle.Length} bytes");
            using var bytes = new MemoryStream();
            using (var entry = pickle.Open()) entry.CopyTo(bytes);
            PickleGuard.Check(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), path);
        }
        stream.Position = 0;
        var table = PyTorchUnpickler.UnpickleStateDict(stream);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry item in table)
        {
            if (item.Key is not string key || item.Value is not Tensor value) throw Bad(path, $"entry '{item.Key}' is not a named tensor");
            result[key] = value;
        }
        return result;
    }

    private static ZipArchive OpenZip(Stream stream, string path)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw Bad(path, "not a zip archive: PyTorch weights must be a state dict saved by torch.save (PyTorch ≥ 1.6 format)");
        }
    }

    internal static InvalidDataException Bad(string path, string why) => new($"Weights file '{path}' is invalid: {why}.");
}
