using Counterforge.Vision.Images;
using SkiaSharp;

namespace Counterforge.Vision.Tests;

public sealed class PreprocessingTests : IDisposable
{
    private readonly TestImages images = new();

    [Fact]
    public void Centre_crop_keeps_the_middle_of_a_wide_image_while_stretching_keeps_all_of_it()
    {
        // 96×32: red left third, green middle, blue right third.
        var path = Path.Combine(images.Folder, "wide.png");
        using (var bitmap = new SKBitmap(96, 32))
        {
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.DrawRect(0, 0, 32, 32, new SKPaint { Color = SKColors.Red });
                canvas.DrawRect(32, 0, 32, 32, new SKPaint { Color = SKColors.Lime });
                canvas.DrawRect(64, 0, 32, 32, new SKPaint { Color = SKColors.Blue });
            }
            File.WriteAllBytes(path, bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray());
        }
        var cropped = ImageDecoder.DecodeChw(path, 16, resizeTo: 16);
        Assert.All(Plane(cropped, 1, 16), g => Assert.Equal(255, g));
        Assert.All(Plane(cropped, 0, 16), r => Assert.Equal(0, r));
        var stretched = ImageDecoder.DecodeChw(path, 16);
        Assert.Equal(255, Plane(stretched, 0, 16)[8 * 16]); // left edge is red
        Assert.Equal(255, Plane(stretched, 2, 16)[8 * 16 + 15]); // right edge is blue
    }

    [Fact]
    public void Invalid_sizes_and_statistics_are_refused_naming_the_field()
    {
        Assert.Contains("ResizeTo", Assert.Throws<ArgumentOutOfRangeException>(() => new Preprocessing(224, 200, Preprocessing.ImageNetMean, Preprocessing.ImageNetStd).Validated()).ParamName);
        Assert.Equal("Std", Assert.Throws<ArgumentException>(() => new Preprocessing(64, null, Preprocessing.ImageNetMean, [1f, 0f, 1f]).Validated()).ParamName);
        Assert.Equal([0.5f, 0.25f, 1f], Preprocessing.ParseTriple("0.5, 0.25,1", "--mean"));
        Assert.Contains("--std", Assert.Throws<FormatException>(() => Preprocessing.ParseTriple("1,x,2", "--std")).Message);
        Assert.Equal(256, Preprocessing.ImageNetCenterCrop().ResizeTo);
    }

    private static byte[] Plane(byte[] chw, int channel, int size) => chw.AsSpan(channel * size * size, size * size).ToArray();

    public void Dispose() => images.Dispose();
}
