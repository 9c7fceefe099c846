using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace Counterforge.Vision.Tests;

/// <summary>Image files built byte by byte: what encoders here cannot write (16-bit PNG, EXIF orientation, broken files).</summary>
internal static class ImageBytes
{
    /// <summary>A 16-bit RGB PNG; <paramref name="pixel"/> gives (r, g, b) in 0..65535.</summary>
    public static byte[] Png16(int width, int height, Func<int, int, (ushort R, ushort G, ushort B)> pixel)
    {
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                foreach (var v in new[] { r, g, b }) { raw.WriteByte((byte)(v >> 8)); raw.WriteByte((byte)v); }
            }
        }
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(zlib);
        return Png((uint)width, (uint)height, bitDepth: 16, colorType: 2, compressed.ToArray());
    }

    /// <summary>A PNG whose header claims the size but whose pixel data is a token: only a header check can judge it.</summary>
    public static byte[] PngHeaderOnly(uint width, uint height) => Png(width, height, bitDepth: 8, colorType: 2, [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);

    private static byte[] Png(uint width, uint height, byte bitDepth, byte colorType, byte[] idat)
    {
        var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colorType;
        Chunk(output, "IHDR", header);
        Chunk(output, "IDAT", idat);
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        output.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A JPEG with an EXIF APP1 segment holding only the orientation tag, inserted right after SOI.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[] { 0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,
            (byte)orientation, (byte)(orientation >> 8), 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return jpeg[..2].Concat(segment).Concat(jpeg[2..]).ToArray();
    }

    /// <summary>Draws with Skia and encodes (JPEG at quality 100 or PNG).</summary>
    public static byte[] Encode(int width, int height, SKEncodedImageFormat format, Action<SKCanvas> draw, SKColorType colorType = SKColorType.Rgba8888, SKAlphaType alphaType = SKAlphaType.Premul)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, colorType, alphaType));
        using (var canvas = new SKCanvas(bitmap)) draw(canvas);
        using var data = bitmap.Encode(format, 100);
        return data.ToArray();
    }

    /// <summary>Left half one colour, right half another.</summary>
    public static byte[] Halves(int width, int height, SKColor left, SKColor right, SKEncodedImageFormat format) => Encode(width, height, format, canvas =>
    {
        canvas.Clear(right);
        using var paint = new SKPaint { Color = left };
        canvas.DrawRect(0, 0, width / 2, height, paint);
    });
}
