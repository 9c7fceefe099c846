using Counterforge.Core.Data;
using Counterforge.Language.Captioning;
using Counterforge.Language.Tests.Onnx;

namespace Counterforge.Language.Tests.Captioning;

public sealed class OnnxCaptionerTests : IDisposable
{
    private static readonly byte[] Rgb = [200, 120, 40];
    private readonly string root = Directory.CreateTempSubdirectory("cf-captioner-").FullName;
    private readonly byte[] image = SolidImage.Png(Rgb[0], Rgb[1], Rgb[2]);
    private readonly StandInCaptioner model = new();

    private string Write(StandInCaptioner stand, string name) => stand.WriteTo(Directory.CreateDirectory(Path.Combine(root, name)).FullName);

    private List<long> ReferenceGreedy()
    {
        var sequence = new List<long> { StandInCaptioner.Start };
        while (sequence.Count < StandInCaptioner.MaxLength && sequence[^1] != StandInCaptioner.Eos)
        {
            var p = model.LogProbabilities(sequence, Rgb);
            sequence.Add(Array.IndexOf(p, p.Max()));
        }
        return sequence.Skip(1).ToList();
    }

    /// <summary>The best of every possible caption under beam search's score, Σ log p / generated tokens.</summary>
    private (List<long> Tokens, double Score) ReferenceBest()
    {
        var best = (Tokens: new List<long>(), Score: double.NegativeInfinity);
        void Walk(List<long> sequence, double sum)
        {
            bool done = sequence.Count > 1 && sequence[^1] == StandInCaptioner.Eos || sequence.Count == StandInCaptioner.MaxLength;
            if (done)
            {
                double score = sum / (sequence.Count - 1);
                if (score > best.Score) best = (sequence.Skip(1).ToList(), score);
                return;
            }
            var p = model.LogProbabilities(sequence, Rgb);
            for (int v = 0; v < StandInCaptioner.Vocabulary; v++) Walk([.. sequence, v], sum + p[v]);
        }
        Walk([StandInCaptioner.Start], 0);
        return best;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Greedy_decoding_takes_the_most_likely_token_at_every_step(bool withPast)
    {
        using var captioner = new OnnxCaptioner(Write(model with { WithPast = withPast }, $"greedy-{withPast}"), new OnnxCaptionerOptions { NumBeams = 1 });
        Assert.Equal(withPast, captioner.UsesPast);

        var (ids, _) = captioner.Generate(image, "image");

        var expected = ReferenceGreedy();
        Assert.Equal(expected, ids);
        Assert.Equal(2, expected[0]); // the trap's first step: "a"
        var text = string.Concat(expected.Where(t => t > 1).Select(t => StandInCaptioner.Tokens[t])).Replace('Ġ', ' ');
        var path = Path.Combine(root, "image.png");
        File.WriteAllBytes(path, image);
        Assert.Equal("a photo of " + text, captioner.Caption(new Sample("s", "image.png", "dog", Splits.Test), path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Beam_search_finds_the_caption_greedy_misses_and_an_exhaustive_beam_finds_the_best(bool withPast)
    {
        var directory = Write(model with { WithPast = withPast }, $"beam-{withPast}");
        using var twoBeams = new OnnxCaptioner(directory, new OnnxCaptionerOptions { NumBeams = 2 });
        using var exhaustive = new OnnxCaptioner(directory, new OnnxCaptionerOptions { NumBeams = 2000 });

        var (beamIds, beamScore) = twoBeams.Generate(image, "image");
        var (allIds, allScore) = exhaustive.Generate(image, "image");

        var best = ReferenceBest();
        Assert.Equal(best.Tokens, allIds);
        Assert.Equal(best.Score, allScore, 4);
        Assert.Equal([3L, 1L], beamIds); // "dog" then end: the sure caption
        Assert.Equal(best.Tokens, beamIds);
        Assert.Equal(best.Score, beamScore, 4);
        Assert.NotEqual(ReferenceGreedy(), beamIds);
        Assert.Equal("dog", twoBeams.RawCaption(image, "image"));
    }

    [Fact]
    public void An_encoder_without_last_hidden_state_fails_on_load_naming_file_and_output()
    {
        var directory = Write(model with { EncoderWithoutStates = true }, "bad-encoder");
        var error = Assert.Throws<InvalidDataException>(() => new OnnxCaptioner(directory));
        Assert.Contains("encoder_model.onnx", error.Message);
        Assert.Contains("'last_hidden_state'", error.Message);
    }

    [Fact]
    public void A_past_input_the_decoder_does_not_return_fails_on_load()
    {
        var directory = Write(model with { PastWithoutPresent = true }, "bad-past");
        var error = Assert.Throws<InvalidDataException>(() => new OnnxCaptioner(directory));
        Assert.Contains("decoder_with_past_model.onnx", error.Message);
        Assert.Contains("present.0.decoder.value", error.Message);
    }

    [Fact]
    public void Missing_generation_ids_fail_naming_the_files()
    {
        var directory = Write(model, "no-ids");
        File.WriteAllText(Path.Combine(directory, "generation_config.json"), "{}");
        File.WriteAllText(Path.Combine(directory, "config.json"), "{}");
        var error = Assert.Throws<InvalidDataException>(() => new OnnxCaptioner(directory));
        Assert.Contains("decoder_start_token_id", error.Message);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
