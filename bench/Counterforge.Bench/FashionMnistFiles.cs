using System.IO.Compression;

namespace Counterforge.Bench;

/// <summary>The Fashion-MNIST images and labels as Debian's dataset-fashion-mnist installs them (gzipped IDX files).</summary>
internal static class FashionMnistFiles
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The 60,000 training images: label (0–9) and 28×28 grey bytes, item lit on black.</summary>
    public static List<(int Label, byte[] Pixels)> Train() => Read("train");

    /// <summary>The 10,000 test images.</summary>
    public static List<(int Label, byte[] Pixels)> Test() => Read("t10k");

    private static List<(int Label, byte[] Pixels)> Read(string prefix)
    {
        DebianPackage.Ensure("dataset-fashion-mnist", Folder);
        var pixels = ReadIdx(Path.Combine(Folder, $"{prefix}-images-idx3-ubyte.gz"), 0x803, out var dims);
        var labels = ReadIdx(Path.Combine(Folder, $"{prefix}-labels-idx1-ubyte.gz"), 0x801, out _);
        int size = dims[1] * dims[2];
        return Enumerable.Range(0, dims[0]).Select(i => ((int)labels[i], pixels.AsSpan(i * size, size).ToArray())).ToList();
    }

    /// <summary>Big-endian header (magic, one length per dimension), then bytes.</summary>
    private static byte[] ReadIdx(string path, int magic, out int[] dims)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        int BigEndian(int at) => bytes[at] << 24 | bytes[at + 1] << 16 | bytes[at + 2] << 8 | bytes[at + 3];
        if (BigEndian(0) != magic) throw new InvalidDataException($"{path}: not an IDX file of the expected kind (magic {BigEndian(0):X}).");
        int rank = magic & 0xFF;
        dims = Enumerable.Range(0, rank).Select(d => BigEndian(4 + 4 * d)).ToArray();
        return bytes[(4 + 4 * rank)..];
    }
}
