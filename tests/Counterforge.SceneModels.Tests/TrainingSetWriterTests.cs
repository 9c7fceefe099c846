using System.IO.Compression;
using Counterforge.Diffusion.Tokenizer;
using Counterforge.Scenes;

namespace Counterforge.SceneModels.Tests;

public sealed class TrainingSetWriterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("cf-trainset-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void WritesImagesIdsAndLabelsOfTheSameScenesAndTheSameBytesForTheSameSeed()
    {
        var info = TrainingSetWriter.Write(directory, ScenesModelTraining.TokenizerDirectory, count: 6, imageSize: 32, seed: 3);
        var tokenizer = ClipTokenizer.Load(ScenesModelTraining.TokenizerDirectory);
        var captions = File.ReadAllLines(Path.Combine(directory, "captions.txt"));
        var ids = File.ReadAllBytes(Path.Combine(directory, "input_ids.i32"));
        var labels = File.ReadAllBytes(Path.Combine(directory, "labels.u8"));
        Assert.Equal((6, 32, 77), (info.Count, info.ImageSize, info.SequenceLength));
        Assert.Equal(tokenizer.Encode(""), info.EmptyCaptionIds);
        Assert.Equal(6 * 77 * 4, ids.Length);
        for (int i = 0; i < 6; i++)
        {
            var spec = SceneGrammar.Parse(captions[i]);
            Assert.Equal(SceneAttributes.Labels(spec), labels[(i * 6)..((i + 1) * 6)]);
            var row = Enumerable.Range(0, 77).Select(j => BitConverter.ToInt32(ids, 4 * (i * 77 + j)));
            Assert.Equal(tokenizer.Encode(captions[i]), row);
        }
        var pixels = new MemoryStream();
        using (var gzip = new GZipStream(File.OpenRead(Path.Combine(directory, "images.u8.gz")), CompressionMode.Decompress)) gzip.CopyTo(pixels);
        Assert.Equal(6 * 32 * 32 * 3, pixels.Length);

        var first = File.ReadAllBytes(Path.Combine(directory, "images.u8.gz"));
        TrainingSetWriter.Write(directory, ScenesModelTraining.TokenizerDirectory, count: 6, imageSize: 32, seed: 3);
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(directory, "images.u8.gz")));
    }
}
