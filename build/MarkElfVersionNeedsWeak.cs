using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Sets VER_FLG_WEAK on the named entries of an ELF64 little-endian library's .gnu.version_r section,
// so the dynamic loader warns instead of refusing when those versions are missing. Idempotent.
public sealed class MarkElfVersionNeedsWeak : Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string Versions { get; set; } = "";

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    public override bool Execute()
    {
        var wanted = new System.Collections.Generic.HashSet<string>(Versions.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(v => v.Trim()));
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                int marked = MarkWeak(bytes, wanted, out int alreadyWeak);
                if (marked > 0)
                {
                    var temp = path + ".patching";
                    File.WriteAllBytes(temp, bytes);
                    File.Delete(path);
                    File.Move(temp, path);
                    Log.LogMessage(MessageImportance.High, $"Marked {marked} version need(s) weak in {path}");
                }
                else if (alreadyWeak == 0)
                {
                    Log.LogMessage(MessageImportance.Normal, $"No version need among [{Versions}] in {path}");
                }
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is ArgumentOutOfRangeException)
            {
                Log.LogError($"Cannot patch ELF version needs in {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    private static int MarkWeak(byte[] elf, System.Collections.Generic.ISet<string> wanted, out int alreadyWeak)
    {
        alreadyWeak = 0;
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF is supported");

        long sectionHeaders = BitConverter.ToInt64(elf, 0x28);
        int sectionHeaderSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        int marked = 0;
        for (int s = 0; s < sectionCount; s++)
        {
            long header = sectionHeaders + (long)s * sectionHeaderSize;
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed) continue;
            long offset = BitConverter.ToInt64(elf, (int)header + 0x18);
            int linkedStrings = (int)BitConverter.ToUInt32(elf, (int)header + 0x28);
            int entryCount = (int)BitConverter.ToUInt32(elf, (int)header + 0x2C);
            long strings = BitConverter.ToInt64(elf, (int)(sectionHeaders + (long)linkedStrings * sectionHeaderSize) + 0x18);

            long need = offset;
            for (int n = 0; n < entryCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    int flagsAt = (int)aux + 4;
                    string name = ReadCString(elf, strings + BitConverter.ToUInt32(elf, (int)aux + 8));
                    if (wanted.Contains(name))
                    {
                        ushort flags = BitConverter.ToUInt16(elf, flagsAt);
                        if ((flags & VerFlagWeak) != 0) alreadyWeak++;
                        else
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, flagsAt);
                            marked++;
                        }
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        return marked;
    }

    private static string ReadCString(byte[] bytes, long at)
    {
        int end = (int)at;
        while (bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)at, end - (int)at);
    }
}
