using Counterforge.Imaging;
using Counterforge.Vision.Images;
using SkiaSharp;

namespace Counterforge.Vision.Tests;

public sealed class ImageFileTests : IDisposable
{
    private readonly TestImages images = new();

    private string Save(string name, byte[] bytes)
    {
        var path = Path.Combine(images.Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static SKColor At(SKBitmap bitmap, int x, int y) => bitmap.GetPixel(x, y);

    [Fact]
    public void A_grayscale_png_decodes_to_equal_rgb_channels()
    {
        var path = Save("gray.png", ImageBytes.Encode(8, 8, SKEncodedImageFormat.Png, c => c.Clear(new SKColor(90, 90, 90)), SKColorType.Gray8, SKAlphaType.Opaque));
        using var bitmap = ImageFile.Read(path);
        Assert.Equal(new SKColor(90, 90, 90), At(bitmap, 3, 3));
    }

    [Fact]
    public void Transparency_is_composited_over_black()
    {
        var path = Save("alpha.png", ImageBytes.Encode(4, 4, SKEncodedImageFormat.Png, c => c.Clear(new SKColor(200, 100, 0, 128)), alphaType: SKAlphaType.Unpremul));
        var chw = ImageDecoder.DecodeChw(path, 4);
        Assert.InRange(chw[0], 99, 101);       // 200 × 128/255
        Assert.InRange(chw[16], 49, 51);       // 100 × 128/255
        Assert.Equal(0, chw[32]);
    }

    [Theory]
    [InlineData(6, 8, 16, true)]   // rotate 90° clockwise: the stored left half becomes the top
    [InlineData(8, 8, 16, false)]  // rotate 90° counter-clockwise: the stored left half becomes the bottom
    [InlineData(3, 16, 8, false)]  // rotate 180°: the stored left half becomes the right
    public void The_exif_orientation_is_applied(ushort orientation, int width, int height, bool redFirst)
    {
        var jpeg = ImageBytes.Halves(16, 8, new SKColor(255, 0, 0), new SKColor(0, 0, 255), SKEncodedImageFormat.Jpeg);
        var path = Save($"exif{orientation}.jpg", ImageBytes.WithExifOrientation(jpeg, orientation));
        using var bitmap = ImageFile.Read(path);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        Assert.Equal((width, height), ImageFile.Dimensions(path));
        var first = At(bitmap, 1, 1);
        var last = At(bitmap, width - 2, height - 2);
        Assert.True(redFirst ? first.Red > 200 && last.Blue > 200 : first.Blue > 200 && last.Red > 200, $"first {first}, last {last}");
    }

    [Fact]
    public void A_cmyk_jpeg_decodes_to_its_rgb_colours()
    {
        using var bitmap = ImageFile.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cmyk.jpg"));
        var red = At(bitmap, 2, 4);
        var blue = At(bitmap, 13, 4);
        Assert.True(red.Red > 230 && red.Green < 25 && red.Blue < 25, $"left half {red}");
        Assert.True(blue.Blue > 230 && blue.Red < 25 && blue.Green < 25, $"right half {blue}");
    }

    [Fact]
    public void A_16_bit_png_decodes_to_8_bit_values()
    {
        var path = Save("deep.png", ImageBytes.Png16(6, 4, (x, _) => x < 3 ? ((ushort)65535, (ushort)32896, (ushort)0) : ((ushort)0, (ushort)0, (ushort)65535)));
        using var bitmap = ImageFile.Read(path);
        Assert.Equal(new SKColor(255, 128, 0), At(bitmap, 1, 1));
        Assert.Equal(new SKColor(0, 0, 255), At(bitmap, 4, 2));
    }

    [Fact]
    public void Huge_dimensions_are_refused_from_the_header()
    {
        var path = Save("huge.png", ImageBytes.PngHeaderOnly(100_000, 100_000));
        var error = Assert.Throws<InvalidDataException>(() => ImageFile.Read(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains("100000x100000", error.Message);
        Assert.Contains("limit", error.Message);
    }

    [Theory]
    [InlineData(2147483647, 1, "limit")]
    [InlineData(0, 5, "which the decoder refuses")]
    [InlineData(4294967295, 4294967295, "limit")]
    public void An_absurd_png_header_is_refused_for_what_it_says_not_for_the_length_of_the_file(long width, long height, string reason)
    {
        var path = Save("absurd.png", ImageBytes.PngHeaderOnly((uint)width, (uint)height));
        var error = Assert.Throws<InvalidDataException>(() => ImageFile.Read(path));
        Assert.Contains($"{width}x{height}", error.Message);
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain("too short", error.Message);
    }

    [Fact]
    public void A_pixel_limit_can_be_set_lower()
    {
        var path = Save("small.png", ImageBytes.Halves(20, 10, SKColors.Red, SKColors.Blue, SKEncodedImageFormat.Png));
        Assert.Throws<InvalidDataException>(() => ImageFile.Read(path, maxPixels: 199));
        using var _ = ImageFile.Read(path, maxPixels: 200);
    }

    [Fact]
    public void A_truncated_jpeg_is_an_error_naming_the_file()
    {
        using var busy = SKBitmap.Decode(images.Random("busy", 64, 3));
        using var encoded = busy.Encode(SKEncodedImageFormat.Jpeg, 90);
        var full = encoded.ToArray();
        var path = Save("cut.jpg", full[..(full.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => ImageFile.Read(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error_naming_the_file()
    {
        var path = Save("empty.jpg", []);
        var error = Assert.Throws<InvalidDataException>(() => ImageFile.Read(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Text_named_jpg_is_an_error_naming_the_file()
    {
        var path = Save("notes.jpg", "shopping list: eggs, milk\n"u8.ToArray());
        var error = Assert.Throws<InvalidDataException>(() => ImageFile.Read(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains("text, not an image", error.Message);
        Assert.Contains("shopping list", error.Message);
    }

    [Fact]
    public void A_large_jpeg_decodes_at_a_reduced_scale_that_still_covers_the_request()
    {
        var path = Save("large.jpg", ImageBytes.Halves(400, 300, SKColors.Red, SKColors.Blue, SKEncodedImageFormat.Jpeg));
        using var reduced = ImageFile.Read(path, 64, 64);
        Assert.Equal((100, 75), (reduced.Width, reduced.Height));
        using var full = ImageFile.Read(path);
        Assert.Equal((400, 300), (full.Width, full.Height));
    }

    public void Dispose() => images.Dispose();
}
