package dev.modgate.sumdb;

import dev.modgate.module.Failure;
import dev.modgate.storage.DirStorage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies what was served while the public checksum database could not be reached ({@link ServedUnverified}) once
 * it answers again: at once when an answer ends a remembered outage, and otherwise every {@code interval} (the
 * outage hold, 1 to 30 s) while anything is waiting. What the database agrees with is logged in the private log
 * (if there is one) and forgotten; what it refuses is a SECURITY ERROR and its stored copy is quarantined
 * ({@link SumDbChecks#verifyStored}), so it is neither served nor logged again.
 */
final class LateVerification implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LateVerification.class);
    /** How long a download recorded but not stored yet may take to land. */
    static final Duration LANDING = Duration.ofMinutes(1);

    private final RemoteSumDb publicDb;
    private final DirStorage store;
    private final ServedUnverified served;
    private final SumDbChecks checks;
    private final PrivateSumDb privateDb;
    private final Duration interval;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean closed;

    LateVerification(RemoteSumDb publicDb, DirStorage store, SumDbChecks checks, PrivateSumDb privateDb, Duration interval) {
        this.publicDb = publicDb;
        this.store = store;
        this.served = publicDb.servedUnverified();
        this.checks = checks;
        this.privateDb = privateDb;
        this.interval = interval;
        publicDb.onAnswersAgain(wake::release);
        this.thread = Thread.ofVirtual().name("modgate-late-verification").start(this::loop);
    }

    private void loop() {
        while (!closed) {
            try {
                wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (!closed) runOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("verifying what was served unverified failed; trying again in {}s", interval.toSeconds(), e);
            }
        }
    }

    /**
     * One pass over what waits, oldest first; stops at the first "cannot be reached" (the rest would fail alike).
     * Returns how many are still waiting.
     */
    int runOnce() {
        List<ServedUnverified.Entry> waiting;
        try {
            waiting = served.all();
        } catch (IOException e) {
            log.error("could not read the records of modules served unverified: {}", e.toString());
            return -1;
        }
        if (waiting.isEmpty() || publicDb.refusal() != null || publicDb.offline() || publicDb.knownDown()) return waiting.size();
        int left = 0;
        for (int i = 0; i < waiting.size(); i++) {
            ServedUnverified.Entry e = waiting.get(i);
            if (closed || !check(e)) {
                left += waiting.size() - i;
                break;
            }
            if (served.has(e.path(), e.version(), e.goMod())) left++;
        }
        return left;
    }

    /** False when the database could not be asked (still down): the pass ends. */
    private boolean check(ServedUnverified.Entry e) {
        String stored;
        try {
            stored = StoredSums.h1(store, e.path(), e.version(), e.goMod());
        } catch (IOException x) {
            log.warn("could not read the stored copy of {} to verify it: {}", e.what(), x.toString());
            return true;
        }
        // Recorded just before it is stored: give the download time to land, so its copy is what gets checked.
        if (stored == null && e.age().compareTo(LANDING) < 0) return true;
        try {
            // Nothing stored: the download a client got is still checked, by the sum recorded.
            SumDbChecks.Verdict v = checks.verifyStored(e.path(), e.version(), e.goMod(), stored != null ? stored : e.h1());
            if (v == SumDbChecks.Verdict.UNVERIFIED) return false;
            if (v == SumDbChecks.Verdict.NOT_ASKED) served.remove(e.path(), e.version(), e.goMod()); // matches --nosumdb now
            // Another copy was stored than the one recorded (a second process): both were served, both are checked.
            if (stored != null && !stored.equals(e.h1())) checks.verifyStored(e.path(), e.version(), e.goMod(), e.h1());
            if (!e.goMod() && stored != null && privateDb != null) privateDb.ensureLogged(e.path(), e.version(), true);
        } catch (Failure x) {
            // A "no" was logged as a SECURITY ERROR and quarantined the stored copy (see verifyStored).
            if (!x.isClientError()) log.warn("could not verify {} (served unverified) now: {}", e.what(), SumDbErrors.oneLine(x));
        } catch (IOException x) {
            log.warn("could not drop the record of {}: {}", e.what(), x.toString());
        }
        return true;
    }

    /**
     * Stops after the entry being checked. Not by an interrupt: one arriving while the private log is written would
     * close the log's file channels under every other request too.
     */
    @Override public void close() {
        closed = true;
        wake.release();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
