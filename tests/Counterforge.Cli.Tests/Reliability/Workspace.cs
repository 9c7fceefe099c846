using System.Security.Cryptography;
using SkiaSharp;

namespace Counterforge.Cli.Tests.Reliability;

/// <summary>
/// One bad-input case's folders: <c>data/</c> (a small, valid ImageFolder with train/val/test to spoil), <c>run/</c> (the
/// run folder) and <c>outside/</c>, a neighbour that holds canary files and must be byte-for-byte the same afterwards.
/// </summary>
internal sealed class Workspace : IDisposable
{
    public static readonly string[] Classes = ["disc", "ring", "square"];

    public Workspace()
    {
        Root = Directory.CreateTempSubdirectory("cf-bad-input-").FullName;
        foreach (var split in new[] { "train", "val", "test" })
            foreach (var (label, i) in Classes.Select((c, i) => (c, i)))
                for (int n = 0; n < 4; n++)
                    WriteBytes($"data/{split}/{label}/{split}{n}.png", Png(16, 16, new SKColor((byte)(60 * i), (byte)(30 * n), 200)));
        Directory.CreateDirectory(Run);
        WriteBytes("outside/.x.tmp", "canary"u8.ToArray());
        WriteBytes($"outside/.photo.png.4242.{new string('a', 32)}.tmp", "canary"u8.ToArray());
        WriteBytes("outside/notes.txt", "keep me"u8.ToArray());
        WriteBytes("outside/deep/.y.tmp", "canary"u8.ToArray());
    }

    public string Root { get; }
    public string Data => Path.Combine(Root, "data");
    public string Run => Path.Combine(Root, "run");
    public string Outside => Path.Combine(Root, "outside");

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string WriteBytes(string relative, byte[] bytes)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string WriteText(string relative, string text) => WriteBytes(relative, System.Text.Encoding.UTF8.GetBytes(text));

    public void Link(string relative, string target)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (Directory.Exists(target)) Directory.CreateSymbolicLink(path, target);
        else File.CreateSymbolicLink(path, target);
    }

    /// <summary>Every file under the outside folder with a hash of its bytes: what no run may change.</summary>
    public IReadOnlyDictionary<string, string> OutsideSnapshot() =>
        Directory.EnumerateFiles(Outside, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(f => Path.GetRelativePath(Outside, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>The fake chat server a case started, on loopback.</summary>
    public string ChatUrl { get; private set; } = "";

    private readonly List<IDisposable> owned = [];

    public void Serve(Func<string, int, Language.Tests.Chat.Reply> script)
    {
        var server = new Language.Tests.Chat.FakeChatServer(script);
        owned.Add(server);
        ChatUrl = server.BaseUrl.ToString();
    }

    public string Problems => File.Exists(Path.Combine(Run, "problems.txt")) ? File.ReadAllText(Path.Combine(Run, "problems.txt")) : "";

    public static byte[] Png(int width, int height, SKColor colour)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Orange);
            using var paint = new SKPaint { Color = SKColors.Navy };
            canvas.DrawCircle(width / 2f, height / 2f, width / 3f, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>A PNG signature and an IHDR chunk declaring the given size, and nothing that could be decoded.</summary>
    public static byte[] PngHeader(uint width, uint height)
    {
        var bytes = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' };
        bytes.AddRange(BitConverter.GetBytes(width).Reverse());
        bytes.AddRange(BitConverter.GetBytes(height).Reverse());
        bytes.AddRange([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        return bytes.ToArray();
    }

    public void Dispose()
    {
        foreach (var resource in owned) resource.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A symbolic-link loop left by a case can make the recursive delete fail; the temp folder is cleaned by the system.
        }
    }
}
