using System.Text;
using System.Text.Json;

namespace Counterforge.Language.Captioning.Onnx;

/// <summary>
/// Turns generated ids back into text from the export's tokenizer files: vocab.json of a byte-level BPE (GPT-2 style,
/// "Ġ" marks a space) or vocab.txt of a WordPiece vocabulary ("##" continues a word). Special ids are skipped.
/// </summary>
public sealed class TokenText
{
    private readonly Dictionary<long, string> tokens;
    private readonly bool byteLevel;

    private TokenText(Dictionary<long, string> tokens, bool byteLevel)
    {
        this.tokens = tokens;
        this.byteLevel = byteLevel;
    }

    public int Count => tokens.Count;

    public static TokenText Load(string directory)
    {
        var json = Path.Combine(directory, "vocab.json");
        var txt = Path.Combine(directory, "vocab.txt");
        if (File.Exists(json))
        {
            try
            {
                var vocabulary = JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(json))
                                 ?? throw new InvalidDataException($"{json}: empty vocabulary.");
                var byId = new Dictionary<long, string>();
                foreach (var (token, id) in vocabulary)
                    if (id < 0 || !byId.TryAdd(id, token)) throw new InvalidDataException($"{json}: id {id} is negative or given twice.");
                return new TokenText(byId, byteLevel: true);
            }
            catch (JsonException e) { throw new InvalidDataException($"{json}: expected a JSON object of token → id ({e.Message})", e); }
        }
        if (File.Exists(txt))
            return new TokenText(File.ReadAllLines(txt).Select((t, i) => (t, i)).ToDictionary(p => (long)p.i, p => p.t), byteLevel: false);
        throw new InvalidDataException($"{directory}: no tokenizer vocabulary (vocab.json or vocab.txt).");
    }

    public string Decode(IEnumerable<long> ids, IReadOnlySet<long> special)
    {
        var pieces = ids.Where(id => !special.Contains(id))
            .Select(id => tokens.TryGetValue(id, out var t) ? t : throw new InvalidDataException($"generated id {id} is not in the vocabulary"));
        return byteLevel ? ByteLevel(pieces) : WordPiece(pieces);
    }

    private static string ByteLevel(IEnumerable<string> pieces)
    {
        var bytes = new List<byte>();
        foreach (var c in pieces.SelectMany(p => p))
            bytes.Add(UnicodeToByte.TryGetValue(c, out var b) ? b : (byte)'?');
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static string WordPiece(IEnumerable<string> pieces)
    {
        var text = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (piece.StartsWith("##", StringComparison.Ordinal)) text.Append(piece, 2, piece.Length - 2);
            else text.Append(text.Length == 0 ? "" : " ").Append(piece);
        }
        return text.ToString();
    }

    /// <summary>GPT-2's reversible byte ↔ printable-character table: printable Latin-1 bytes stand for themselves, the rest are shifted past 255.</summary>
    private static readonly Dictionary<char, byte> UnicodeToByte = BuildTable();

    private static Dictionary<char, byte> BuildTable()
    {
        var table = new Dictionary<char, byte>();
        int shifted = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[(char)(printable ? b : 256 + shifted++)] = (byte)b;
        }
        return table;
    }
}
