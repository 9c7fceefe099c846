using System.Text;

namespace Counterforge.Vision.Weights;

/// <summary>
/// Walks a pickle's opcodes without running any of them and refuses anything a plain PyTorch state dict does not need:
/// only the globals of <see cref="AllowedGlobals"/> (OrderedDict, tensor rebuilding, storage types), no object
/// construction by class (INST, OBJ, NEWOBJ), no extension registry, no stack-built globals. What passes can only
/// build dicts, tuples, lists, numbers, strings and tensors — the same policy as torch.load(weights_only=True).
/// </summary>
internal static class PickleGuard
{
    private static readonly HashSet<string> StorageTypes =
    [
        "DoubleStorage", "FloatStorage", "HalfStorage", "BFloat16Storage", "LongStorage", "IntStorage", "ShortStorage",
        "CharStorage", "ByteStorage", "BoolStorage",
    ];

    public static bool AllowedGlobals(string module, string name) => (module, name) switch
    {
        ("collections", "OrderedDict") => true,
        ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_tensor") => true,
        ("torch", _) => StorageTypes.Contains(name),
        _ => false,
    };

    /// <summary>Throws <see cref="InvalidDataException"/> naming <paramref name="file"/> and the first refused opcode or global.</summary>
    public static void Check(ReadOnlySpan<byte> pickle, string file)
    {
        int i = 0;
        while (i < pickle.Length)
        {
            int at = i;
            byte op = pickle[i++];
            switch (op)
            {
                // No argument.
                case (byte)'(' or (byte)'0' or (byte)'1' or (byte)'2' or (byte)'N' or (byte)'Q' or (byte)'R' or (byte)'a'
                    or (byte)'b' or (byte)'d' or (byte)'}' or (byte)'e' or (byte)'l' or (byte)']' or (byte)'s' or (byte)'t'
                    or (byte)')' or (byte)'u' or 0x85 or 0x86 or 0x87 or 0x88 or 0x89 or 0x8f or 0x90 or 0x91 or 0x94:
                    break;
                case (byte)'.':
                    if (i != pickle.Length) throw Refused(file, at, "data after STOP");
                    return;
                // Fixed-size arguments.
                case (byte)'K' or (byte)'h' or (byte)'q' or 0x80: i += 1; break;
                case (byte)'M': i += 2; break;
                case (byte)'J' or (byte)'j' or (byte)'r': i += 4; break;
                case (byte)'G' or 0x95: i += 8; break;
                // Length-prefixed arguments.
                case (byte)'U' or (byte)'C' or 0x8c or 0x8a: i += 1 + Length(pickle, i, 1, file, at); break;
                case (byte)'T' or (byte)'X' or (byte)'B' or 0x8b: i += 4 + Length(pickle, i, 4, file, at); break;
                case 0x8d or 0x8e or 0x96: i += 8 + Length(pickle, i, 8, file, at); break;
                // Newline-terminated arguments.
                case (byte)'F' or (byte)'I' or (byte)'L' or (byte)'S' or (byte)'V' or (byte)'g' or (byte)'p':
                    i = SkipLine(pickle, i, file, at);
                    break;
                case (byte)'c':
                    int moduleEnd = SkipLine(pickle, i, file, at), nameEnd = SkipLine(pickle, moduleEnd, file, at);
                    string module = Encoding.ASCII.GetString(pickle[i..(moduleEnd - 1)]), name = Encoding.ASCII.GetString(pickle[moduleEnd..(nameEnd - 1)]);
                    if (!AllowedGlobals(module, name))
                        throw Refused(file, at, $"global '{module}.{name}' is not allowed in a state dict");
                    i = nameEnd;
                    break;
                default:
                    throw Refused(file, at, $"opcode 0x{op:x2} ({Describe(op)}) is not allowed in a state dict");
            }
        }
        throw Refused(file, pickle.Length, "the pickle ends without STOP");
    }

    private static string Describe(byte op) => op switch
    {
        (byte)'i' => "INST: builds an object by class name",
        (byte)'o' => "OBJ: builds an object",
        0x81 or 0x92 => "NEWOBJ: builds an object",
        0x82 or 0x83 or 0x84 => "EXT: extension registry",
        0x93 => "STACK_GLOBAL: a global named at run time",
        (byte)'P' => "PERSID",
        _ => "unknown",
    };

    private static int Length(ReadOnlySpan<byte> pickle, int i, int bytes, string file, int at)
    {
        if (i + bytes > pickle.Length) throw Refused(file, at, "truncated");
        long length = 0;
        for (int b = bytes - 1; b >= 0; b--) length = (length << 8) | pickle[i + b];
        if (length < 0 || length > pickle.Length - i - bytes) throw Refused(file, at, $"a length of {length} runs past the end");
        return (int)length;
    }

    private static int SkipLine(ReadOnlySpan<byte> pickle, int i, string file, int at)
    {
        int newline = pickle[i..].IndexOf((byte)'\n');
        if (newline < 0) throw Refused(file, at, "truncated");
        return i + newline + 1;
    }

    private static InvalidDataException Refused(string file, int offset, string why) =>
        new($"Refusing to load '{file}': its pickle (data.pkl, byte {offset}) is not a plain state dict: {why}.");
}
