package dev.modgate.http;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Sends a file region as the response body from memory-mapped windows of the file: the kernel copies the page-cache
 * pages straight into the socket, one copy instead of two (read into a buffer, then write it). Each window is
 * unmapped as soon as its write completes, so mapped pages never pile up in the process's resident set. (nginx's
 * sendfile(2) needs no copy at all; Jetty has no zero-copy file send, this is the closest it gets.)
 */
final class MappedFileSend extends IteratingCallback {
    /** At most this much of a file is mapped per response at a time: 64 concurrent downloads add at most 64 MB of RSS. */
    static final long WINDOW = 1L << 20;
    private static final Unmapper UNMAPPER = Unmapper.find();

    private final FileChannel channel;
    private final Response response;
    private final Callback done;
    private final long end;
    private long position;
    private MappedByteBuffer window;
    private boolean finished;

    private MappedFileSend(FileChannel channel, Response response, long offset, long count, Callback done) {
        this.channel = channel;
        this.response = response;
        this.position = offset;
        this.end = offset + count;
        this.done = done;
    }

    /** True when windows can be unmapped promptly on this JVM; without that, mapping would grow the resident set. */
    static boolean available() {
        return UNMAPPER != null;
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
        window = channel.map(FileChannel.MapMode.READ_ONLY, position, n);
        position += n;
        finished = position >= end;
        response.write(finished, window, this);
        return Action.SCHEDULED;
    }

    private void release() {
        MappedByteBuffer w = window;
        window = null;
        if (w != null) UNMAPPER.unmap(w);
    }

    @Override protected void onCompleteSuccess() {
        closeChannel();
        done.succeeded();
    }

    @Override protected void onCompleteFailure(Throwable cause) {
        release();
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

    /** sun.misc.Unsafe.invokeCleaner: the JDK's supported-in-practice way to unmap a buffer before it is collected. */
    private record Unmapper(Object unsafe, Method invokeCleaner) {
        static Unmapper find() {
            try {
                Class<?> c = Class.forName("sun.misc.Unsafe");
                Field f = c.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                return new Unmapper(f.get(null), c.getMethod("invokeCleaner", ByteBuffer.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        void unmap(ByteBuffer b) {
            try {
                invokeCleaner.invoke(unsafe, b);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot unmap a file window", e);
            }
        }
    }
}
