namespace Counterforge.Language.Chat;

/// <summary>
/// Caps how many bytes of one response body are read: a server (or whatever answers at its address) can send an endless
/// or enormous body, and the client library buffers it whole before parsing. Past the cap the read fails like a broken
/// connection would, and the request counts as failed.
/// </summary>
internal sealed class BoundedResponses(long maxBytes) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        var response = await base.SendAsync(request, cancel).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            response.Dispose();
            throw new HttpRequestException($"the response body is {response.Content.Headers.ContentLength} bytes, more than the {maxBytes} accepted");
        }
        var bounded = new StreamContent(new BoundedStream(await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false), maxBytes));
        foreach (var header in response.Content.Headers) bounded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content = bounded;
        return response;
    }

    private sealed class BoundedStream(Stream inner, long maxBytes) : Stream
    {
        private long read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancel = default) =>
            Count(await inner.ReadAsync(buffer, cancel).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
            ReadAsync(buffer.AsMemory(offset, count), cancel).AsTask();

        private int Count(int bytes)
        {
            read += bytes;
            if (read > maxBytes) throw new IOException($"the response body is longer than the {maxBytes} bytes accepted");
            return bytes;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
