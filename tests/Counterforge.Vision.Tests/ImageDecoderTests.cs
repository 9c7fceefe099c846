using Counterforge.Vision.Images;
using SkiaSharp;

namespace Counterforge.Vision.Tests;

public sealed class ImageDecoderTests : IDisposable
{
    private readonly TestImages images = new();

    [Fact]
    public void A_decoded_image_is_rgb_channel_major()
    {
        var path = images.Write("red-left", 4, (canvas, s) =>
        {
            canvas.Clear(new SKColor(0, 0, 255));
            using var paint = new SKPaint { Color = new SKColor(255, 0, 0) };
            canvas.DrawRect(0, 0, 2, 4, paint);
        });
        var chw = ImageDecoder.DecodeChw(path, 4);
        Assert.Equal(255, chw[0]);          // R at (0,0)
        Assert.Equal(0, chw[16 * 2 + 0]);   // B at (0,0)
        Assert.Equal(0, chw[3]);            // R at (0,3)
        Assert.Equal(255, chw[16 * 2 + 3]); // B at (0,3)
    }

    [Fact]
    public void An_image_of_another_size_is_resized_to_the_requested_square()
    {
        var path = images.Write("grey", 50, (canvas, _) => canvas.Clear(new SKColor(100, 150, 200)));
        using var batch = ImageDecoder.DecodeBatch([path, path], 32);
        Assert.Equal(new long[] { 2, 3, 32, 32 }, batch.shape);
        var chw = ImageDecoder.DecodeChw(path, 32);
        Assert.Equal(100, chw[0]);
        Assert.Equal(200, chw[^1]);
    }

    [Fact]
    public void An_undecodable_image_gives_an_error_naming_the_file()
    {
        var path = Path.Combine(images.Folder, "broken.png");
        File.WriteAllText(path, "not an image");
        var error = Assert.Throws<InvalidDataException>(() => ImageDecoder.DecodeChw(path, 8));
        Assert.Contains(path, error.Message);
    }

    public void Dispose() => images.Dispose();
}
