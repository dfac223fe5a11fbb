package dev.modgate.module;

import java.time.Duration;

/**
 * How long an outage (every upstream failing, or the checksum database unreachable) is remembered: the list TTL,
 * but at least a second (even "always fresh" must not hammer a dead server) and at most 30 s (so recovery is
 * noticed soon). Meanwhile answers come at once, stale or failed, instead of each waiting out another timeout.
 */
public final class FailureBackoff {
    static final Duration MAX = Duration.ofSeconds(30);
    private static final Duration MIN = Duration.ofSeconds(1);

    private FailureBackoff() {}

    public static Duration of(Duration listTtl) {
        if (listTtl.compareTo(MIN) < 0) return MIN;
        return listTtl.compareTo(MAX) < 0 ? listTtl : MAX;
    }
}
