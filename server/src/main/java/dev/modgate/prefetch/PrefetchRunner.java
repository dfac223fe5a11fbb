package dev.modgate.prefetch;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches a list of module versions with bounded concurrency, retrying transient failures with backoff.
 * Each module version is fetched as the go command fetches it: .info, .mod, then the .zip when it is needed.
 */
public final class PrefetchRunner {
    /** @param zip false when only the go.mod is needed (a module in the graph but not in the build list) */
    public record Job(String path, String version, boolean zip) {
        @Override public String toString() { return path + "@" + version; }
    }

    public record Summary(int modules, int downloaded, long bytes, double seconds, List<String> failures) {
        public boolean ok() { return failures.isEmpty(); }
    }

    private final ModuleFetcher fetcher;
    private final int concurrency;
    private final int retries;
    private final Duration backoff;

    public PrefetchRunner(ModuleFetcher fetcher, int concurrency, int retries, Duration backoff) {
        this.fetcher = fetcher;
        this.concurrency = concurrency;
        this.retries = retries;
        this.backoff = backoff;
    }

    public Summary run(List<Job> jobs, PrintWriter out, boolean terminal) throws InterruptedException {
        Progress progress = new Progress(out, terminal, 25);
        progress.total(jobs.size());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger downloaded = new AtomicInteger();
        Semaphore slots = new Semaphore(concurrency);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Job job : jobs) {
                slots.acquire();
                pool.submit(() -> {
                    try {
                        boolean any = fetch(job, progress);
                        if (any) downloaded.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failures.add(job + ": interrupted");
                    } catch (Exception e) {
                        // Anything else too: a failure must never be counted as a success.
                        failures.add(job + ": " + describe(e));
                    } finally {
                        progress.moduleDone();
                        slots.release();
                    }
                });
            }
        }
        progress.finish();
        List<String> sorted = new ArrayList<>(failures);
        Collections.sort(sorted);
        return new Summary(jobs.size(), downloaded.get(), progress.bytes(), progress.seconds(), sorted);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) return "connection refused" + (m == null ? "" : " (" + m + ")");
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    public static String human(long bytes) {
        return Progress.human(bytes);
    }

    /** Returns true when anything had to come from an upstream. */
    private boolean fetch(Job job, Progress progress) throws IOException, InterruptedException {
        boolean any = false;
        any |= count(progress, withRetries(() -> fetcher.info(job.path(), job.version())));
        any |= count(progress, withRetries(() -> fetcher.mod(job.path(), job.version())));
        if (job.zip()) any |= count(progress, withRetries(() -> fetcher.zip(job.path(), job.version())));
        return any;
    }

    private static boolean count(Progress p, ModuleFetcher.Fetched f) {
        if (f.downloaded()) p.bytes(f.bytes());
        return f.downloaded();
    }

    private interface Attempt {
        ModuleFetcher.Fetched run() throws IOException;
    }

    private ModuleFetcher.Fetched withRetries(Attempt a) throws IOException, InterruptedException {
        long wait = backoff.toMillis();
        for (int attempt = 0; ; attempt++) {
            try {
                return a.run();
            } catch (ModuleFetcher.PermanentException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= retries) throw e;
                Thread.sleep(wait);
                wait *= 2;
            }
        }
    }
}
