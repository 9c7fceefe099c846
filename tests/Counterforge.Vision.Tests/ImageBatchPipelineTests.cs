using Counterforge.Vision.Images;

namespace Counterforge.Vision.Tests;

public sealed class ImageBatchPipelineTests : IDisposable
{
    private readonly TestImages images = new();

    [Fact]
    public void Batches_come_in_order_with_the_pixels_the_decoder_gives()
    {
        var paths = images.RandomSet("p", 7, 20);
        var batches = new ImageBatchPipeline(16, batchSize: 3, workers: 2).Batches(paths).ToList();
        Assert.Equal([3L, 3L, 1L], batches.Select(b => b.shape[0]));
        var all = batches.SelectMany(b => b.data<byte>().ToArray()).ToArray();
        var expected = paths.SelectMany(p => ImageDecoder.DecodeChw(p, 16)).ToArray();
        Assert.Equal(expected, all);
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void The_normaliser_runs_in_the_pipeline()
    {
        var paths = images.RandomSet("n", 4, 16);
        using var normalizer = new MeanStdNormalizer(Preprocessing.ImageNetMean, Preprocessing.ImageNetStd);
        var normalised = new ImageBatchPipeline(16, 4, 2, normalizer).Batches(paths).Single();
        using var raw = ImageDecoder.DecodeBatch(paths, 16);
        using var expected = normalizer.Normalize(raw);
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, normalised.dtype);
        Assert.True(expected.allclose(normalised));
        normalised.Dispose();
    }

    [Fact]
    public void A_bad_file_stops_the_sequence_with_its_name_and_stopping_early_is_safe()
    {
        var paths = images.RandomSet("b", 5, 16).ToList();
        var broken = Path.Combine(images.Folder, "broken.png");
        File.WriteAllText(broken, "no image here");
        paths.Insert(3, broken);
        var pipeline = new ImageBatchPipeline(16, 2, 2);
        var error = Assert.Throws<InvalidDataException>(() => { foreach (var b in pipeline.Batches(paths)) b.Dispose(); });
        Assert.StartsWith(broken, error.Message);
        using var first = pipeline.Batches(images.RandomSet("c", 9, 16)).First();
        Assert.Equal(2, first.shape[0]);
    }

    [Fact]
    public void Cancelling_stops_the_sequence_and_the_pipeline_serves_the_next_call()
    {
        var paths = images.RandomSet("x", 12, 16);
        var pipeline = new ImageBatchPipeline(16, 2, 2);
        using var cancel = new CancellationTokenSource();
        int taken = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var b in pipeline.Batches(paths, cancel.Token))
            {
                b.Dispose();
                if (++taken == 2) cancel.Cancel();
            }
        });
        Assert.Equal(2, taken);
        Assert.Equal(6, pipeline.Batches(paths).Select(b => { b.Dispose(); return b; }).Count());
    }

    public void Dispose() => images.Dispose();
}
