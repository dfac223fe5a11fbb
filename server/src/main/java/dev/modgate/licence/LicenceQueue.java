package dev.modgate.licence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Detection off the request path: versions are queued as they are stored, one background thread detects them in
 * turn, and readers ask for what is known without waiting ({@link #known}) or for a future that completes when
 * the version's detection does ({@link #detection}), so a caller that must have the answer (a policy decision on a
 * download) chooses how long to wait and what to say meanwhile. The per-file work is shared through the detector's
 * cache, keyed by the licence file's SHA-256: the thousandth version with the same MIT text costs one hash.
 *
 * <p>Results are kept in memory (bounded); after a restart a version is detected again when asked, which costs
 * reading its zip. Thread-safe.
 */
public final class LicenceQueue implements AutoCloseable {
    /** Where the queue reads a stored version's zip from: the storage, in the wiring. */
    @FunctionalInterface
    public interface Zips {
        /** The zip of {@code module@version}, or empty when it is not stored; the caller closes the stream. */
        Optional<InputStream> open(String module, String version) throws IOException;
    }

    /** Why a version has no licences: its zip is not stored, or it could not be read (the message says why). */
    public static final class NotDetected extends Exception {
        public NotDetected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final java.util.function.Supplier<LicenceDetector> detectors;
    private LicenceDetector detector; // built on the worker thread at its first use: the templates take a fraction of a second
    private final Zips zips;
    private final ExecutorService worker;
    private final Cache<String, ModuleLicences> done = Caffeine.newBuilder().maximumSize(100_000).build();
    private final ConcurrentHashMap<String, CompletableFuture<ModuleLicences>> pending = new ConcurrentHashMap<>();

    public LicenceQueue(LicenceDetector detector, Zips zips) {
        this(() -> detector, zips);
    }

    /** A queue whose detector is built by its thread when the first version is detected (nothing at start-up). */
    public LicenceQueue(java.util.function.Supplier<LicenceDetector> detectors, Zips zips) {
        this.detectors = detectors;
        this.zips = zips;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "modgate-licences");
            t.setDaemon(true);
            return t;
        });
    }

    /** The version's licences if detected already; no I/O, never waits. */
    public Optional<ModuleLicences> known(String module, String version) {
        return Optional.ofNullable(done.getIfPresent(key(module, version)));
    }

    /** Queues the version unless it is detected or queued already (for the moment a version is stored). */
    public void submit(String module, String version) {
        detection(module, version);
    }

    /**
     * The version's licences: completed at once when known, else when the background thread reaches it. Fails with
     * {@link NotDetected} when its zip is not stored or cannot be read, or when the queue is closed.
     */
    public CompletableFuture<ModuleLicences> detection(String module, String version) {
        String key = key(module, version);
        ModuleLicences known = done.getIfPresent(key);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return pending.computeIfAbsent(key, k -> {
            CompletableFuture<ModuleLicences> future = new CompletableFuture<>();
            try {
                worker.execute(() -> run(module, version, k, future));
            } catch (RejectedExecutionException e) {
                // Closed: the failed future stays, so later callers get the same answer at once.
                future.completeExceptionally(new NotDetected("licence detection has stopped (modgate is shutting down)", e));
            }
            return future;
        });
    }

    private void run(String module, String version, String key, CompletableFuture<ModuleLicences> future) {
        try {
            Optional<InputStream> zip = zips.open(module, version);
            if (zip.isEmpty()) {
                future.completeExceptionally(new NotDetected(key + " is not stored: its licences are detected once its .zip is", null));
                return;
            }
            ModuleLicences licences;
            try (InputStream in = zip.get()) {
                if (detector == null) detector = detectors.get(); // only the worker thread runs this
                licences = detector.detect(in, module, version);
            }
            done.put(key, licences);
            future.complete(licences);
        } catch (IOException | RuntimeException e) {
            future.completeExceptionally(new NotDetected("reading the zip of " + key + " for its licences failed: " + e, e));
        } finally {
            pending.remove(key, future);
        }
    }

    private static String key(String module, String version) {
        return module + "@" + version;
    }

    /** Stops the background thread; queued versions fail with {@link NotDetected}. */
    @Override
    public void close() {
        worker.shutdownNow();
        // No caller may wait for ever on a version the thread will not reach.
        pending.forEach((key, future) -> future.completeExceptionally(
                new NotDetected("licence detection stopped before " + key + " was detected (modgate is shutting down)", null)));
    }
}
