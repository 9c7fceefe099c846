using SkiaSharp;

namespace Counterforge.Scenes.Tests;

/// <summary>Pixel access for comparing renders.</summary>
internal static class Images
{
    public static uint[] Pixels(SceneSpec spec, int seed, int size)
    {
        using var bitmap = SceneRenderer.Render(spec, seed, size);
        return bitmap.Pixels.Select(c => (uint)c).ToArray();
    }

    public static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidDataException("not a PNG");

}

/// <summary>A fresh folder under the system temp folder, deleted when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cf-scenes-tests", Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
