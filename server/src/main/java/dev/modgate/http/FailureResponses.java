package dev.modgate.http;

import dev.modgate.module.Failure;
import java.time.Duration;

/**
 * The one place a {@link Failure} becomes an HTTP answer: its status, its Cache-Control, and its text/plain body
 * (the go command prints it). Statuses are chosen for the go command: 404 and 410 let it try its next GOPROXY entry
 * after a ","; every other status stops it with this body.
 */
final class FailureResponses {
    private final String notFoundCache;

    /** @param negativeTtl how long shared caches may keep a "not found" (what modgate itself remembers it for) */
    FailureResponses(Duration negativeTtl) {
        this.notFoundCache = "public, max-age=" + Math.max(0, negativeTtl.toSeconds());
    }

    static int status(Failure.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case GONE -> 410;
            case BAD_REQUEST -> 400;
            case TOO_LONG -> 414;
            case REFUSED -> 403;
            case UPSTREAM_FAILED -> 502;
            case UPSTREAM_TIMEOUT -> 504;
            case BUSY -> 503;
            case STORAGE_FULL -> 507;
            case INTERNAL -> 500;
        };
    }

    /** A "not found" that does not depend on this request may be kept as long as modgate keeps it; nothing else is. */
    String cacheControl(Failure f) {
        return f.isNotFound() && f.cacheable() ? notFoundCache : "no-store";
    }
}
