using static TorchSharp.torch;

namespace Counterforge.Vision.Images;

/// <summary>
/// The classifier's input pipeline: decode (<see cref="ImageFile"/>), resize, batch and normalise, with
/// <see cref="Workers"/> batches prepared in parallel ahead of the consumer, delivered in order.
/// </summary>
/// <param name="imageSize">Images are stretched to imageSize × imageSize (as <see cref="ImageDecoder"/> does).</param>
/// <param name="normalizer">Applied to each uint8 batch on the worker; null delivers the uint8 RGB batch [B,3,S,S].</param>
public sealed class ImageBatchPipeline(int imageSize, int batchSize, int workers = 2, IInputNormalizer? normalizer = null, int? resizeTo = null)
{
    public int ImageSize { get; } = imageSize >= 1 ? imageSize : throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "Image size must be positive.");
    public int BatchSize { get; } = batchSize >= 1 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
    public int Workers { get; } = workers >= 1 ? workers : throw new ArgumentOutOfRangeException(nameof(workers), workers, "At least one worker.");

    /// <summary>
    /// Batches of the images in order (the last one may be smaller). The caller owns and disposes each tensor. Stopping
    /// early is safe: batches already in flight are awaited and disposed. A file that fails to decode ends the sequence
    /// with its <see cref="InvalidDataException"/>.
    /// </summary>
    public IEnumerable<Tensor> Batches(IReadOnlyList<string> paths, CancellationToken cancellation = default)
    {
        int count = (paths.Count + BatchSize - 1) / BatchSize, next = 0;
        var pending = new Queue<PendingBatch>();
        try
        {
            while (next < count && pending.Count < Workers) pending.Enqueue(Start(paths, next++, cancellation));
            while (pending.Count > 0)
            {
                var batch = pending.Dequeue().Take(cancellation);
                if (next < count) pending.Enqueue(Start(paths, next++, cancellation));
                yield return batch;
            }
        }
        finally
        {
            foreach (var batch in pending) batch.Discard();
        }
    }

    private PendingBatch Start(IReadOnlyList<string> paths, int batch, CancellationToken cancellation)
    {
        var pending = new PendingBatch();
        var worker = new Thread(() => pending.Run(() => Make(paths, batch, cancellation))) { IsBackground = true, Name = "image batch" };
        worker.Start();
        return pending;
    }

    /// <summary>
    /// A batch a worker thread is making. The consumer is a synchronous TorchSharp loop (its dispose scopes belong to its
    /// thread, so it cannot await), which waits for the batch until the run's token is cancelled.
    /// </summary>
    private sealed class PendingBatch
    {
        private readonly ManualResetEventSlim done = new();
        private Tensor? result;
        private Exception? failure;

        public void Run(Func<Tensor> make)
        {
            try
            {
                result = make();
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

        public Tensor Take(CancellationToken cancellation)
        {
            try
            {
                done.Wait(cancellation);
            }
            catch (OperationCanceledException)
            {
                Discard();
                throw;
            }
            done.Dispose();
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            return result!;
        }

        /// <summary>
        /// Frees a batch nobody will use; its failure, if any, no longer matters. It waits for the worker to finish, because
        /// the worker uses the normaliser the consumer's owner frees after this; a cancelled worker stops at its next image.
        /// </summary>
        public void Discard()
        {
            done.Wait();
            done.Dispose();
            result?.Dispose();
        }
    }

    private Tensor Make(IReadOnlyList<string> paths, int batch, CancellationToken cancellation)
    {
        int start = batch * BatchSize, n = Math.Min(BatchSize, paths.Count - start), stride = 3 * ImageSize * ImageSize;
        var buffer = new byte[(long)n * stride];
        for (int i = 0; i < n; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            ImageDecoder.DecodeChw(paths[start + i], ImageSize, buffer.AsSpan(i * stride, stride), resizeTo);
        }
        var bytes = tensor(buffer, new long[] { n, 3, ImageSize, ImageSize }, ScalarType.Byte);
        if (normalizer is null) return bytes;
        // A worker thread has no dispose scope of its own, and TorchSharp passes raw handles to native code: a temporary of
        // the normaliser that nothing references any more can be finalised, and its tensor freed, by a GC in the middle of
        // the native call that reads it (seen once: a segfault in copy_ on this thread). The scope keeps every temporary
        // referenced until it is done with, then frees it.
        using var scope = NewDisposeScope();
        using (bytes) return normalizer.Normalize(bytes).MoveToOuterDisposeScope();
    }
}
