package dev.modgate.sumdb;

import dev.modgate.net.SourceException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers for a short while that a checksum database could not be reached at all (no route, DNS, refused,
 * timeout, 5xx), so that during an outage the next lookups fail at once instead of each paying its own failed
 * request: a cold `go mod download` of hundreds of modules would otherwise wait out one timeout per module. Once
 * the while is over, the next lookup asks again. An answer that says no (404, a bad signature, a fork) is an answer,
 * not an outage: it is never remembered here and never turns a later lookup into "unreachable".
 */
final class SumDbOutage {
    private static final Logger log = LoggerFactory.getLogger(SumDbOutage.class);

    private record Down(IOException cause, long untilNanos) {}

    private final String name;
    private final Duration hold;
    private final LongSupplier nanoTime;
    private volatile Down down;
    /** Failures with no answer since the last answer. */
    private final AtomicInteger failures = new AtomicInteger();
    static final int CONSECUTIVE = 3;
    private volatile Runnable onAnswersAgain = () -> {};

    SumDbOutage(String name, Duration hold) {
        this(name, hold, System::nanoTime);
    }

    SumDbOutage(String name, Duration hold, LongSupplier nanoTime) {
        this.name = name;
        this.hold = hold;
        this.nanoTime = nanoTime;
    }

    /**
     * While an outage is remembered, the failure to report instead of asking (of the kind of the one seen, so it is
     * treated alike: served unverified, or refused with --sumdb-required); else null.
     */
    IOException remembered() {
        Down d = down;
        if (d == null) return null;
        long left = d.untilNanos - nanoTime.getAsLong();
        if (left <= 0) return null;
        String msg = d.cause.getMessage() + " (an outage seen moments ago: asking again in " + Math.max(1, left / 1_000_000_000L) + "s)";
        if (d.cause instanceof RemoteStatusException r) return new RemoteStatusException(r.status(), msg);
        if (d.cause instanceof SourceException s) return new SourceException(s.kind(), msg);
        return new SourceException(SourceException.Kind.FAILED, msg);
    }

    /**
     * A request to the database failed: an outage when no answer came at all, CONSECUTIVE times in a row. One lost
     * request (a timeout on one tile, one 502 from a load balancer) is not an outage: remembering it would serve every
     * module unverified, and fail every client's uncached lookup, for the whole while.
     */
    void failed(IOException e) {
        if (!SumDbErrors.unreachable(e)) return;
        if (failures.incrementAndGet() < CONSECUTIVE) return;
        if (down == null) {
            log.warn("checksum database {} unreachable ({} requests in a row, the last: {}): not asking it again for {}s", name, CONSECUTIVE,
                    SumDbErrors.oneLine(e), hold.toSeconds());
        }
        down = new Down(e, nanoTime.getAsLong() + hold.toNanos());
    }

    /** The database answered (whatever it said): the outage, if any, is over. */
    void answered() {
        failures.set(0);
        if (down != null) {
            down = null;
            log.info("checksum database {} answers again", name);
            onAnswersAgain.run();
        }
    }

    /** r runs (it must not block) when an answer ends a remembered outage: what was served meanwhile can be verified. */
    void onAnswersAgain(Runnable r) {
        this.onAnswersAgain = r;
    }
}
