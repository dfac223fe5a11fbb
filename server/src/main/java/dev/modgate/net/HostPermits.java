package dev.modgate.net;

import dev.modgate.auth.Credentials;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Upstream requests in flight, bounded overall and per server: a host modgate did not choose that answers slowly
 * (or trickles on purpose, as anyone publishing a go-import page can) holds at most {@code perHost} of the
 * {@code total} permits, so requests to every other host go on. A server is its host and port (the port made explicit); requests that wait for
 * their host's turn do not hold an overall permit meanwhile. Servers with nothing in flight are forgotten.
 */
public final class HostPermits {
    private static final class Slot {
        final Semaphore permits;
        int users; // holders and waiters; guarded by the map's compute

        Slot(int n) {
            permits = new Semaphore(n, true);
        }
    }

    private final Semaphore total;
    private final int perHost;
    private final ConcurrentHashMap<String, Slot> hosts = new ConcurrentHashMap<>();

    public HostPermits(int total, int perHost) {
        this.total = new Semaphore(total, true);
        this.perHost = perHost;
    }

    /** The default share of one server: an eighth of the total, at least one. */
    public static int defaultPerHost(int total) {
        return Math.max(1, total / 8);
    }

    /** A permit held for one request; released once. */
    public interface Held extends AutoCloseable {
        @Override void close();
    }

    /**
     * Waits for the server's turn (when {@code perHostLimit}), then for an overall permit, at most {@code waitNanos}
     * in all.
     *
     * @param perHostLimit false for servers modgate's configuration names (--upstream, the checksum database): all
     *                     misses may go there, so they share only the overall limit
     * @return null when the wait ran out
     */
    public Held acquire(URI uri, long waitNanos, boolean perHostLimit) throws InterruptedException {
        if (!perHostLimit) {
            if (!total.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) return null;
            return new Once(total::release);
        }
        String key = uri.getHost() == null ? "" : Credentials.hostPort(uri);
        Slot slot = hosts.compute(key, (k, s) -> {
            Slot v = s == null ? new Slot(perHost) : s;
            v.users++;
            return v;
        });
        long deadline = System.nanoTime() + waitNanos;
        boolean hostHeld = false;
        boolean granted = false;
        try {
            if (!slot.permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) return null;
            hostHeld = true;
            if (!total.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return null;
            granted = true;
            return new Once(() -> {
                total.release();
                slot.permits.release();
                leave(key);
            });
        } finally {
            if (!granted) {
                if (hostHeld) slot.permits.release();
                leave(key);
            }
        }
    }

    private void leave(String key) {
        hosts.computeIfPresent(key, (k, s) -> --s.users == 0 ? null : s);
    }

    /** Permits given back once, however often it is closed. */
    private static final class Once implements Held {
        private final Runnable release;
        private boolean closed;

        Once(Runnable release) {
            this.release = release;
        }

        @Override public synchronized void close() {
            if (closed) return;
            closed = true;
            release.run();
        }
    }
}
