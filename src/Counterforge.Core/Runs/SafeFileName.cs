using System.Security.Cryptography;
using System.Text;

namespace Counterforge.Core.Runs;

/// <summary>
/// The file name that stands for an id (a sample's, an edit's): ids are data from manifests and folder names, never paths.
/// A readable part keeps letters, digits, '-', '_' and '~' (everything else becomes '_'), and a hash of the whole id makes
/// two ids that read alike two files: no id can name a folder, climb out of one, or land on another id's file.
/// </summary>
public static class SafeFileName
{
    private const int ReadableLength = 80;

    public static string For(string id)
    {
        var readable = new StringBuilder(Math.Min(id.Length, ReadableLength));
        foreach (var c in id.Take(ReadableLength)) readable.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '~' ? c : '_');
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..16].ToLowerInvariant();
        return $"{readable}.{hash}";
    }
}
