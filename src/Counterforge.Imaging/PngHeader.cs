using System.Buffers.Binary;

namespace Counterforge.Imaging;

/// <summary>
/// The size a PNG's IHDR chunk declares, read from the bytes alone: a decoder refuses absurd sizes without saying why, and
/// the user needs to hear that the header, not the length of the file, is the problem.
/// </summary>
internal static class PngHeader
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height when the bytes start with a PNG signature and an IHDR chunk; null otherwise.</summary>
    public static (long Width, long Height)? Dimensions(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 24 || !bytes[..8].SequenceEqual(Signature) || !bytes[12..16].SequenceEqual("IHDR"u8)) return null;
        return (BinaryPrimitives.ReadUInt32BigEndian(bytes[16..20]), BinaryPrimitives.ReadUInt32BigEndian(bytes[20..24]));
    }
}
