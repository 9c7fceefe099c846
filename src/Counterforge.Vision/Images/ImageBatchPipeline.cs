using static TorchSharp.torch;

namespace Counterforge.Vision.Images;

/// <summary>
/// The classifier's input pipeline: decode (<see cref="ImageFile"/>), resize, batch and normalise, with
/// <see cref="Workers"/> batches decoded in parallel ahead of the consumer, delivered in order.
/// </summary>
/// <param name="imageSize">Images are stretched to imageSize × imageSize (as <see cref="ImageDecoder"/> does).</param>
/// <param name="normalizer">Applied to each uint8 batch as it is delivered; null delivers the uint8 RGB batch [B,3,S,S].</param>
public sealed class ImageBatchPipeline(int imageSize, int batchSize, int workers = 2, IInputNormalizer? normalizer = null, int? resizeTo = null)
{
    public int ImageSize { get; } = imageSize >= 1 ? imageSize : throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "Image size must be positive.");
    public int BatchSize { get; } = batchSize >= 1 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
    public int Workers { get; } = workers >= 1 ? workers : throw new ArgumentOutOfRangeException(nameof(workers), workers, "At least one worker.");

    /// <summary>
    /// Batches of the images in order (the last one may be smaller). The caller owns and disposes each tensor. Stopping
    /// early is safe: workers still decoding stop at their next image, and what they made is only managed memory. A file
    /// that fails to decode ends the sequence with its <see cref="InvalidDataException"/>.
    /// </summary>
    public IEnumerable<Tensor> Batches(IReadOnlyList<string> paths, CancellationToken cancellation = default)
    {
        int count = (paths.Count + BatchSize - 1) / BatchSize, next = 0;
        var pending = new Queue<PendingBatch>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        try
        {
            while (next < count && pending.Count < Workers) pending.Enqueue(Start(paths, next++, stop.Token));
            while (pending.Count > 0)
            {
                var (bytes, n) = pending.Dequeue().Take(cancellation);
                if (next < count) pending.Enqueue(Start(paths, next++, stop.Token));
                yield return ToTensor(bytes, n);
            }
        }
        finally
        {
            stop.Cancel();
        }
    }

    private PendingBatch Start(IReadOnlyList<string> paths, int batch, CancellationToken stop)
    {
        var pending = new PendingBatch();
        var worker = new Thread(() => pending.Run(() => Decode(paths, batch, stop))) { IsBackground = true, Name = "image batch" };
        worker.Start();
        return pending;
    }

    /// <summary>
    /// A batch a worker thread is decoding into managed memory. The consumer is a synchronous TorchSharp loop (its dispose
    /// scopes belong to its thread, so it cannot await), which waits for the batch until the run's token is cancelled. A
    /// batch nobody takes needs nothing: its worker holds no native resource and stops at its next image.
    /// </summary>
    private sealed class PendingBatch
    {
        private readonly ManualResetEventSlim done = new();
        private (byte[] Bytes, int Count) result;
        private Exception? failure;

        public void Run(Func<(byte[], int)> decode)
        {
            try
            {
                result = decode();
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                done.Set();
            }
        }

        public (byte[] Bytes, int Count) Take(CancellationToken cancellation)
        {
            done.Wait(cancellation);
            done.Dispose();
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            return result;
        }
    }

    private (byte[], int) Decode(IReadOnlyList<string> paths, int batch, CancellationToken stop)
    {
        int start = batch * BatchSize, n = Math.Min(BatchSize, paths.Count - start), stride = 3 * ImageSize * ImageSize;
        var buffer = new byte[(long)n * stride];
        for (int i = 0; i < n; i++)
        {
            stop.ThrowIfCancellationRequested();
            ImageDecoder.DecodeChw(paths[start + i], ImageSize, buffer.AsSpan(i * stride, stride), resizeTo);
        }
        return (buffer, n);
    }

    /// <summary>The batch as a tensor on the consumer's thread, normalised when the pipeline has a normaliser; owned by the caller.</summary>
    private Tensor ToTensor(byte[] buffer, int n)
    {
        using var scope = NewDisposeScope();
        var bytes = tensor(buffer, new long[] { n, 3, ImageSize, ImageSize }, ScalarType.Byte);
        return (normalizer is null ? bytes : normalizer.Normalize(bytes)).DetachFromDisposeScope();
    }
}
