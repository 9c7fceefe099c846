using Microsoft.ML.Tokenizers;

namespace Counterforge.Diffusion.Tokenizer;

/// <summary>
/// CLIP's text tokenizer as Stable Diffusion's text encoder expects it: html-unescaped, whitespace-collapsed,
/// lower-cased text split by CLIP's regex, byte-level BPE with a "&lt;/w&gt;" end-of-word suffix
/// (Microsoft.ML.Tokenizers' BpeTokenizer does the merges), then start token + at most Length−2 pieces + end token,
/// padded to Length (77) with the pad token. SD 1.x pads with the end token; SD 2.x's special_tokens_map.json names "!".
/// On CLIP's own vocabulary it gives OpenAI's reference tokenizer's ids (ClipTokenizerAgreementTests); what it does
/// not reproduce is listed on <see cref="ClipTextCleaner"/>.
/// </summary>
public sealed class ClipTokenizer
{
    public const string StartToken = "<|startoftext|>";
    public const string EndToken = "<|endoftext|>";
    public const int DefaultLength = 77;

    private readonly BpeTokenizer bpe;

    private ClipTokenizer(BpeTokenizer bpe, int length, int startId, int endId, int padId)
    {
        this.bpe = bpe;
        Length = length;
        StartId = startId;
        EndId = endId;
        PadId = padId;
    }

    /// <summary>The number of ids every encoding has (the text encoder's sequence length).</summary>
    public int Length { get; }
    public int StartId { get; }
    public int EndId { get; }
    public int PadId { get; }

    /// <param name="tokenizerDirectory">A model set's <c>tokenizer/</c> folder.</param>
    public static ClipTokenizer Load(string tokenizerDirectory, int length = DefaultLength)
    {
        if (length < 2) throw new ArgumentOutOfRangeException(nameof(length), length, "room for the start and end tokens is needed");
        string vocabPath = Path.Combine(tokenizerDirectory, "vocab.json");
        var vocabulary = ClipTokenizerFiles.ReadVocabulary(vocabPath);
        var merges = ClipTokenizerFiles.ReadMerges(Path.Combine(tokenizerDirectory, "merges.txt"));
        string padToken = ClipTokenizerFiles.ReadPadToken(Path.Combine(tokenizerDirectory, "special_tokens_map.json")) ?? EndToken;
        int Id(string token) => vocabulary.TryGetValue(token, out int id) ? id
            : throw new ModelSetException(vocabPath, $"the vocabulary has no \"{token}\" token");
        int start = Id(StartToken), end = Id(EndToken), pad = Id(padToken);

        var special = new Dictionary<string, int> { [StartToken] = start, [EndToken] = end };
        BpeTokenizer tokenizer;
        try
        {
            tokenizer = BpeTokenizer.Create(new BpeOptions(vocabulary)
            {
                Merges = merges,
                SpecialTokens = special,
                PreTokenizer = new ClipPreTokenizer(),
                ByteLevel = true,
                EndOfWordSuffix = "</w>",
                UnknownToken = EndToken,
            });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            // The merges reference tokens the vocabulary lacks, or similar inconsistencies between the two files.
            throw new ModelSetException(Path.Combine(tokenizerDirectory, "merges.txt"), $"does not fit {vocabPath} ({e.Message})", e);
        }
        return new ClipTokenizer(tokenizer, length, start, end, pad);
    }

    /// <summary>The caption's ids, start and end tokens included, padded or truncated to <see cref="Length"/>.</summary>
    public int[] Encode(string caption)
    {
        var ids = new int[Length];
        Encode(caption, ids);
        return ids;
    }

    /// <summary>The same ids as int64, for text encoders exported with int64 input_ids.</summary>
    public long[] EncodeInt64(string caption) => Array.ConvertAll(Encode(caption), id => (long)id);

    /// <summary>Writes the <see cref="Length"/> ids into a caller's buffer (e.g. one row of a batched input tensor).</summary>
    public void Encode(string caption, Span<int> destination)
    {
        if (destination.Length != Length) throw new ArgumentException($"destination holds {destination.Length} ids, expected {Length}");
        var pieces = bpe.EncodeToIds(ClipTextCleaner.Clean(caption), considerPreTokenization: true, considerNormalization: false);
        int kept = Math.Min(pieces.Count, Length - 2); // truncation keeps room for the end token
        destination[0] = StartId;
        for (int i = 0; i < kept; i++) destination[1 + i] = pieces[i];
        destination[1 + kept] = EndId;
        destination[(2 + kept)..].Fill(PadId);
    }
}
