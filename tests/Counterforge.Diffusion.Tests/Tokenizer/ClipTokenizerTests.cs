using Counterforge.Diffusion.Tokenizer;

namespace Counterforge.Diffusion.Tests.Tokenizer;

/// <summary>Ids for the tiny vocabulary as reference/clip_bpe_reference.py (CLIP's simple_tokenizer algorithm) computes them.</summary>
public sealed class ClipTokenizerTests : IDisposable
{
    private const int Start = 73, End = 74;
    private readonly TinyClipVocabulary files = new();

    public void Dispose() => files.Dispose();

    [Theory]
    [InlineData("a photo of a cat.", new[] { 26, 63, 64, 26, 66, 56 })]
    [InlineData("  A   PHOTO\tof a Dog!  ", new[] { 26, 63, 64, 26, 68, 58 })]
    [InlineData("a snowy dog's photo, cats", new[] { 26, 71, 50, 68, 72, 63, 57, 65, 19, 44 })]
    [InlineData("a dog&amp;#39;s photo", new[] { 26, 68, 72, 63 })] // html entities decoded twice, as CLIP does
    public void CaptionsEncodeToReferenceIds(string caption, int[] pieces)
    {
        var tokenizer = ClipTokenizer.Load(files.Directory);
        int[] expected = [Start, .. pieces, End, .. Enumerable.Repeat(End, 77 - pieces.Length - 2)];
        Assert.Equal(expected, tokenizer.Encode(caption));
        Assert.Equal(expected.Select(i => (long)i), tokenizer.EncodeInt64(caption));
    }

    [Fact]
    public void LongCaptionsAreTruncatedTo77EndingWithTheEndToken()
    {
        var ids = ClipTokenizer.Load(files.Directory).Encode(string.Concat(Enumerable.Repeat("a ", 100)));
        Assert.Equal(77, ids.Length);
        Assert.Equal(Start, ids[0]);
        Assert.All(ids[1..76], id => Assert.Equal(26, id));
        Assert.Equal(End, ids[76]);
    }

    [Fact]
    public void PadTokenComesFromSpecialTokensMap()
    {
        // SD 2.x names "!" as its pad token.
        File.WriteAllText(Path.Combine(files.Directory, "special_tokens_map.json"), """{"pad_token": {"content": "!", "lstrip": false}}""");
        var tokenizer = ClipTokenizer.Load(files.Directory);
        Assert.Equal(54, tokenizer.PadId);
        Assert.Equal([Start, 26, 66, End, 54, 54], tokenizer.Encode("a cat")[..6]);
    }

    [Fact]
    public void EncodeWritesIntoARowOfABatch()
    {
        var tokenizer = ClipTokenizer.Load(files.Directory);
        var batch = new int[2 * 77];
        tokenizer.Encode("", batch.AsSpan(0, 77));
        tokenizer.Encode("a cat", batch.AsSpan(77, 77));
        Assert.Equal([Start, End, End], batch[..3]);
        Assert.Equal([Start, 26, 66, End], batch[77..81]);
        Assert.Throws<ArgumentException>(() => tokenizer.Encode("a", new int[76]));
    }

    [Fact]
    public void MissingFilesNameTheFile()
    {
        File.Delete(files.MergesPath);
        var error = Assert.Throws<ModelSetException>(() => ClipTokenizer.Load(files.Directory));
        Assert.Equal(files.MergesPath, error.FilePath);
        File.Delete(files.VocabPath);
        error = Assert.Throws<ModelSetException>(() => ClipTokenizer.Load(files.Directory));
        Assert.Equal(files.VocabPath, error.FilePath);
        Assert.StartsWith(files.VocabPath, error.Message);
    }

    [Theory]
    [InlineData("{\"a\": 0, ")]
    [InlineData("[\"a\"]")]
    [InlineData("{\"a\": \"zero\"}")]
    [InlineData("{\"a\": 0}")] // no start/end tokens
    public void MalformedVocabularyNamesTheFile(string json)
    {
        File.WriteAllText(files.VocabPath, json);
        var error = Assert.Throws<ModelSetException>(() => ClipTokenizer.Load(files.Directory));
        Assert.Equal(files.VocabPath, error.FilePath);
    }

    [Fact]
    public void MalformedMergesNameTheFileAndLine()
    {
        File.WriteAllLines(files.MergesPath, ["#version: 0.2", "p h", "not-a-pair"]);
        var error = Assert.Throws<ModelSetException>(() => ClipTokenizer.Load(files.Directory));
        Assert.Equal(files.MergesPath, error.FilePath);
        Assert.Contains("line 3", error.Message);
    }
}
