package dev.modgate.module;

import java.util.List;

/**
 * Why a request could not be answered, in modgate's one failure vocabulary: a {@link Kind}, the one-line reason
 * (the go command prints it), a line per upstream tried, and whether others may be given the same answer. Every
 * layer of the module chain, the checksum databases and the request parser speak it; the HTTP layer alone turns a
 * kind into a status ({@code http.FailureResponses}).
 */
public final class Failure extends Exception {
    /** What went wrong, as a client must act on it. */
    public enum Kind {
        /** Nothing by that name or version (the go command tries its next GOPROXY entry after a "," on this). */
        NOT_FOUND,
        /** Was there and is gone for good (410: as NOT_FOUND for the go command). */
        GONE,
        /** The request itself is malformed. */
        BAD_REQUEST,
        /** The request path is longer than any real module path. */
        TOO_LONG,
        /** Refused on purpose: a checksum mismatch (SECURITY ERROR), a module the configuration keeps out. */
        REFUSED,
        /** An upstream failed or sent something the go command would reject. */
        UPSTREAM_FAILED,
        /** An upstream did not answer in time. */
        UPSTREAM_TIMEOUT,
        /** Not now, likely soon: a lock held elsewhere, a component starting. */
        BUSY,
        /** The data directory is full. */
        STORAGE_FULL,
        /** A fault of this server (details in its log, never in the answer). */
        INTERNAL
    }

    private final Kind kind;
    private final List<String> lines;
    private final boolean cacheable;
    private final String policy;

    /**
     * @param lines what each upstream answered, one line each
     * @param cacheable false when the answer depends on this request or this moment and must not be cached by others
     */
    public Failure(Kind kind, String reason, List<String> lines, boolean cacheable) {
        this(kind, reason, lines, cacheable, null);
    }

    /** @param policy for a refusal by the policy gate: the decision, sent as the X-Modgate-Policy header */
    public Failure(Kind kind, String reason, List<String> lines, boolean cacheable, String policy) {
        super(reason, null, false, false); // no stack trace: these are answers, and they are kept in caches
        this.kind = kind;
        this.lines = List.copyOf(lines);
        this.cacheable = cacheable;
        this.policy = policy;
    }

    public Failure(Kind kind, String reason, List<String> lines) {
        this(kind, reason, lines, true);
    }

    public Failure(Kind kind, String reason) {
        this(kind, reason, List.of());
    }

    public static Failure notFound(String reason) {
        return new Failure(Kind.NOT_FOUND, reason);
    }

    public static Failure badRequest(String reason) {
        return new Failure(Kind.BAD_REQUEST, reason);
    }

    public Kind kind() { return kind; }

    public List<String> lines() { return lines; }

    public boolean cacheable() { return cacheable; }

    /** The policy gate's decision that refused the request ("deny policy.txt:7"), else null. */
    public String policy() { return policy; }

    /** Not found or gone: the go command moves on to its next GOPROXY entry, and the answer may be remembered briefly. */
    public boolean isNotFound() { return kind == Kind.NOT_FOUND || kind == Kind.GONE; }

    /** A client's fault (4xx), not this server's or an upstream's. */
    public boolean isClientError() {
        return switch (kind) {
            case NOT_FOUND, GONE, BAD_REQUEST, TOO_LONG, REFUSED -> true;
            default -> false;
        };
    }

    /** The text/plain body: a headline, then one line per upstream. The go command prints the first lines. */
    public String body() {
        StringBuilder b = new StringBuilder(getMessage()).append('\n');
        for (String l : lines) b.append('\t').append(l).append('\n');
        return b.toString();
    }
}
