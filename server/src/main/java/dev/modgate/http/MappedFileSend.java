package dev.modgate.http;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 * <p>Each window is mapped in an arena of its own ({@code java.lang.foreign}, Java 22+) and unmapped as soon as its
 * write completes, so mapped pages never pile up in the process's resident set, and a buffer used after its window
 * was closed fails with an exception instead of touching unmapped memory. The arena API is reached through method
 * handles, since modgate is compiled for Java 21, where it is a preview; on Java 21 {@link #available()} is false
 * and files go through pooled buffers.
 */
final class MappedFileSend extends IteratingCallback {
    /**
     * At most this much of a file is mapped per response at a time: 64 concurrent downloads add at most 128 MB of
     * (file-backed, reclaimable) RSS. Closing a shared arena costs a handshake with every thread, so windows much
     * smaller than this cost more CPU than the copy they save (measured: 1 MB windows, 0.87 s of CPU per GB sent;
     * 4 MB, 0.73; pooled 512 KB buffers without mapping, 0.82).
     */
    static final long WINDOW = 2L << 20;
    private static final Arenas ARENAS = Arenas.find();

    private final FileChannel channel;
    private final Response response;
    private final Callback done;
    private final long end;
    private long position;
    private AutoCloseable window;
    private boolean finished;

    private MappedFileSend(FileChannel channel, Response response, long offset, long count, Callback done) {
        this.channel = channel;
        this.response = response;
        this.position = offset;
        this.end = offset + count;
        this.done = done;
    }

    /** True when this JVM can map and unmap windows deterministically (Java 22+). */
    static boolean available() {
        return ARENAS != null;
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
        AutoCloseable arena = ARENAS.open();
        window = arena;
        ByteBuffer buf = ARENAS.map(channel, position, n, arena);
        position += n;
        finished = position >= end;
        response.write(finished, buf, this);
        return Action.SCHEDULED;
    }

    private void release() throws Exception {
        AutoCloseable w = window;
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

    /** Arena.ofShared(), FileChannel.map(mode, offset, size, arena) and MemorySegment.asByteBuffer(), by method handle. */
    private record Arenas(MethodHandle ofShared, MethodHandle map, MethodHandle asByteBuffer) {
        static Arenas find() {
            if (Runtime.version().feature() < 22) return null; // a preview API before 22
            try {
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                return new Arenas(
                        l.findStatic(arena, "ofShared", MethodType.methodType(arena)),
                        l.findVirtual(FileChannel.class, "map", MethodType.methodType(segment, FileChannel.MapMode.class, long.class, long.class, arena)),
                        l.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        AutoCloseable open() throws Throwable {
            return (AutoCloseable) ofShared.invoke();
        }

        ByteBuffer map(FileChannel ch, long offset, long size, AutoCloseable arena) throws Throwable {
            Object segment = map.invoke(ch, FileChannel.MapMode.READ_ONLY, offset, size, arena);
            return (ByteBuffer) asByteBuffer.invoke(segment);
        }
    }
}
