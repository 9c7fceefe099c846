using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Counterforge.Vision.Weights;

/// <summary>
/// The entries a <c>torch.save(state_dict)</c> zip may hold, all under one top folder: <c>data.pkl</c>, the tensor
/// storages <c>data/&lt;n&gt;</c> and the version markers PyTorch 1.6–2.x write. Anything else (a second pickle, a
/// duplicated name, a path outside the folder) means the file was not written by torch.save and is refused.
/// </summary>
internal static partial class TorchSaveLayout
{
    private static readonly HashSet<string> Markers =
        ["version", "byteorder", ".data/version", ".data/serialization_id", ".format_version", ".storage_alignment"];

    [GeneratedRegex("^data/[0-9]+$")]
    private static partial Regex Storage();

    /// <summary>The archive's one pickle, after every entry has been checked against the layout.</summary>
    public static ZipArchiveEntry SinglePickle(ZipArchive archive, string path)
    {
        if (archive.Entries.Count == 0) throw StateDictFile.Bad(path, "the archive is empty");
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? top = null;
        ZipArchiveEntry? pickle = null;
        foreach (var entry in archive.Entries)
        {
            var name = entry.FullName;
            if (!names.Add(name)) throw StateDictFile.Bad(path, $"the archive holds '{name}' twice");
            int slash = name.IndexOf('/');
            if (slash <= 0) throw StateDictFile.Bad(path, $"entry '{name}' is not inside the archive's top folder");
            var folder = name[..slash];
            var inside = name[(slash + 1)..];
            if (top is null) top = folder;
            else if (folder != top) throw StateDictFile.Bad(path, $"entry '{name}' lies outside the top folder '{top}'");
            if (inside == "data.pkl") pickle = entry;
            else if (!Storage().IsMatch(inside) && !Markers.Contains(inside))
                throw StateDictFile.Bad(path, $"entry '{name}' is not part of a state dict saved by torch.save (only {top}/data.pkl, {top}/data/<n> and version markers are)");
        }
        return pickle ?? throw StateDictFile.Bad(path, $"the archive has no {top}/data.pkl");
    }
}
