using SkiaSharp;

namespace Counterforge.SceneModels;

/// <summary>Tiles equally sized images into one PNG, row by row, with a thin gap (for the docs' sample grids).</summary>
public static class SampleGrid
{
    public static byte[] Compose(IReadOnlyList<byte[]> images, int columns, int cell, int gap = 2)
    {
        if (images.Count == 0 || columns < 1) throw new ArgumentException("a grid needs images and at least one column");
        int rows = (images.Count + columns - 1) / columns;
        using var grid = new SKBitmap(new SKImageInfo(columns * (cell + gap) + gap, rows * (cell + gap) + gap, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(grid))
        {
            canvas.Clear(SKColors.White);
            for (int i = 0; i < images.Count; i++)
            {
                using var image = SKBitmap.Decode(images[i]) ?? throw new InvalidDataException($"image {i} of the grid could not be decoded");
                var cellRect = SKRect.Create(gap + (i % columns) * (cell + gap), gap + (i / columns) * (cell + gap), cell, cell);
                using var source = SKImage.FromBitmap(image);
                canvas.DrawImage(source, cellRect, new SKSamplingOptions(SKFilterMode.Nearest));
            }
        }
        using var data = grid.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
