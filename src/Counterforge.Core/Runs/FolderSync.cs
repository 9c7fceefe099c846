using System.Runtime.InteropServices;

namespace Counterforge.Core.Runs;

/// <summary>
/// fsync of a folder on Linux, so that a rename into it survives a power loss (the renamed file's data is flushed by its
/// writer; the folder entry that names it is only durable once the folder is). Elsewhere a no-op.
/// </summary>
internal static partial class FolderSync
{
    private const int ReadOnly = 0; // O_RDONLY: enough to fsync a folder, the same value on every Linux architecture

    public static void Flush(string folder)
    {
        if (!OperatingSystem.IsLinux()) return;
        int descriptor = Open(folder, ReadOnly);
        if (descriptor < 0) return;
        try
        {
            Fsync(descriptor);
        }
        finally
        {
            Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
