package dev.modgate.http;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Memory mappings that are unmapped when modgate says so, not when the garbage collector gets to them: each mapping
 * lives in a shared {@code java.lang.foreign.Arena} of its own and is unmapped when the arena is closed. A buffer
 * used after that fails with an exception instead of touching unmapped memory. The arena API is reached through
 * method handles since modgate is compiled for Java 21, where it is a preview; on Java 21 {@link #available()} is
 * false and callers read files through buffers instead.
 */
final class Mappings {
    private static final Handles HANDLES = Handles.find();
    /**
     * Arenas whose close was refused because a write from their memory was still in the kernel (a failed or timed-out
     * response can complete before its socket write returns): closed at the next mapping.
     */
    private static final ConcurrentLinkedQueue<AutoCloseable> DEFERRED = new ConcurrentLinkedQueue<>();

    private Mappings() {}

    /** True when this JVM can map and unmap deterministically (Java 22+). */
    static boolean available() {
        return HANDLES != null;
    }

    /** A read-only mapping of count bytes of the channel from offset; unmapped by closing it. */
    static Mapping map(FileChannel channel, long offset, long count) throws Throwable {
        closeDeferred();
        AutoCloseable arena = (AutoCloseable) HANDLES.ofShared.invoke();
        try {
            Object segment = HANDLES.map.invoke(channel, FileChannel.MapMode.READ_ONLY, offset, count, arena);
            return new Mapping((ByteBuffer) HANDLES.asByteBuffer.invoke(segment), arena);
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    /**
     * A mapped region. Closing it costs a handshake with every platform thread (the JVM makes sure none is inside
     * the region), so mappings are worth keeping open where they are used again.
     */
    record Mapping(ByteBuffer buffer, AutoCloseable arena) implements AutoCloseable {
        /** Unmaps now, or as soon as no I/O operation is using the memory any more. */
        @Override public void close() {
            if (!tryClose(arena)) DEFERRED.add(arena);
        }
    }

    /** Closes the arenas whose close was deferred, where nothing uses them any more. */
    static void closeDeferred() {
        for (int n = DEFERRED.size(); n > 0; n--) {
            AutoCloseable a = DEFERRED.poll();
            if (a == null) return;
            if (!tryClose(a)) DEFERRED.add(a);
        }
    }

    private static boolean tryClose(AutoCloseable arena) {
        try {
            arena.close();
            return true;
        } catch (IllegalStateException busy) {
            // "Session is acquired by N clients": an I/O operation still holds the memory, try again later.
            return "Already closed".equals(busy.getMessage());
        } catch (Exception e) {
            LoggerFactory.getLogger(Mappings.class).warn("unmapping failed", e);
            return true;
        }
    }

    /** Arena.ofShared(), FileChannel.map(mode, offset, size, arena) and MemorySegment.asByteBuffer(). */
    private record Handles(MethodHandle ofShared, MethodHandle map, MethodHandle asByteBuffer) {
        static Handles find() {
            if (Runtime.version().feature() < 22) return null; // a preview API before 22
            try {
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                return new Handles(
                        l.findStatic(arena, "ofShared", MethodType.methodType(arena)),
                        l.findVirtual(FileChannel.class, "map", MethodType.methodType(segment, FileChannel.MapMode.class, long.class, long.class, arena)),
                        l.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }
}
