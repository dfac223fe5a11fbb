package dev.modgate.vuln;

import dev.modgate.core.text.GoDuration;
import dev.modgate.net.Userinfo;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --vulndb-sync D}: a sync at start and then every D, on a thread of its own, so that requests never
 * wait for it (they are served from the snapshot in force meanwhile). A failed sync is logged and tried again at the
 * next turn; the snapshot in force stays.
 */
public final class PeriodicVulnDbSync implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicVulnDbSync.class);

    private final VulnDbSync sync;
    private final URI base;
    private final Duration every;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "modgate-vulndb-sync");
        t.setDaemon(true);
        return t;
    });

    public PeriodicVulnDbSync(VulnDbSync sync, URI base, Duration every) {
        if (every.isZero() || every.isNegative()) throw new IllegalArgumentException("the sync interval must be positive");
        this.sync = sync;
        this.base = base;
        this.every = every;
    }

    public PeriodicVulnDbSync start() {
        timer.scheduleWithFixedDelay(this::once, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void once() {
        String from = Userinfo.redact(base.toString());
        try {
            VulnDbSync.Result r = sync.sync(base, false);
            if (r.switched()) log.info("vulnerability database from {}: {}", from, r.summary());
            else log.debug("vulnerability database from {}: {}", from, r.summary());
        } catch (Exception e) {
            log.warn("vulnerability database sync from {} failed: {} (the snapshot in force stays; next attempt in {})", from, e.getMessage(), GoDuration.format(every));
        }
    }

    @Override public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
