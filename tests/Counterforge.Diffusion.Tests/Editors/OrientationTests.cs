using Counterforge.Diffusion.Editors;
using Counterforge.Diffusion.Tests.Models;
using Counterforge.Imaging;
using Counterforge.Vision.Tests;
using SkiaSharp;

namespace Counterforge.Diffusion.Tests.Editors;

/// <summary>A phone photo stored sideways with an EXIF orientation is edited upright, as the classifier reads it (one image reader for all).</summary>
public sealed class OrientationTests : IDisposable
{
    private readonly StandInModel standIn = new(new StandInModelSet());

    public void Dispose() => standIn.Dispose();

    [Fact]
    public void A_photo_stored_rotated_is_edited_upright_at_the_size_the_classifier_sees()
    {
        // Stored 96×64, left half red; orientation 6 stands it up as 64×96 with the red half on top.
        var jpeg = ImageBytes.Halves(96, 64, new SKColor(250, 0, 0), new SKColor(0, 0, 250), SKEncodedImageFormat.Jpeg);
        var path = Path.Combine(standIn.Directory, "phone.jpg");
        File.WriteAllBytes(path, ImageBytes.WithExifOrientation(jpeg, 6));
        Assert.Equal((64, 96), ImageFile.Dimensions(path));

        using var editor = DiffusionEditors.Create(DiffusionEditors.SdEdit, standIn.Model, new DiffusionEditorOptions { Steps = 4, Strength = 0.01 });
        var edited = editor.Generate(StandInModel.Sample(path), path, StandInModel.NullEdit);

        using var output = SKBitmap.Decode(edited.Png);
        Assert.Equal((64, 96), (output.Width, output.Height));
        var (top, bottom) = (output.GetPixel(32, 10), output.GetPixel(32, 86));
        Assert.True(top.Red > top.Blue && bottom.Blue > bottom.Red, $"top {top}, bottom {bottom}: the edit was made on the sideways image");
    }
}
