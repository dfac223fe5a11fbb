package dev.modgate.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Sends a file region as the response body from memory-mapped windows of the file: the kernel copies the page-cache
 * pages straight into the socket, one copy instead of two (read into a buffer, then write it). (nginx's sendfile(2)
 * needs no copy at all; Jetty has no zero-copy file send, this is the closest it gets.)
 *
 * <p>Each window is a {@link Mappings.Mapping}, unmapped as soon as its write completes, so mapped pages never pile up
 * in the process's resident set. For files too large to keep mapped ({@link MappedZips} keeps the small ones).
 */
final class MappedFileSend extends IteratingCallback {
    /**
     * At most this much of a file is mapped per response at a time: 64 concurrent downloads add at most 128 MB of
     * (file-backed, reclaimable) RSS. Closing a shared arena costs a handshake with every thread, so windows much
     * smaller than this cost more CPU than the copy they save (measured: 1 MB windows, 0.87 s of CPU per GB sent;
     * 4 MB, 0.73; pooled 512 KB buffers without mapping, 0.82).
     */
    static final long WINDOW = 2L << 20;

    private final FileChannel channel;
    private final Response response;
    private final Callback done;
    private final long end;
    private long position;
    private Mappings.Mapping window;
    private boolean finished;

    private MappedFileSend(FileChannel channel, Response response, long offset, long count, Callback done) {
        this.channel = channel;
        this.response = response;
        this.position = offset;
        this.end = offset + count;
        this.done = done;
    }

    /** Sends count bytes of the channel from offset, then closes it. */
    static void send(FileChannel channel, long offset, long count, Response response, Callback done) {
        new MappedFileSend(channel, response, offset, count, done).iterate();
    }

    @Override protected Action process() throws Throwable {
        release();
        if (finished) return Action.SUCCEEDED;
        long n = Math.min(WINDOW, end - position);
        if (n <= 0) {
            finished = true;
            response.write(true, ByteBuffer.allocate(0), this);
            return Action.SCHEDULED;
        }
        window = Mappings.map(channel, position, n);
        position += n;
        finished = position >= end;
        response.write(finished, window.buffer(), this);
        return Action.SCHEDULED;
    }

    private void release() throws Exception {
        Mappings.Mapping w = window;
        window = null;
        if (w != null) w.close();
    }

    @Override protected void onCompleteSuccess() {
        closeChannel();
        done.succeeded();
    }

    @Override protected void onCompleteFailure(Throwable cause) {
        try {
            release();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
        closeChannel();
        done.failed(cause);
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing lost
        }
    }

    @Override public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
