package dev.modgate.fetch;

import java.util.List;

/**
 * A request could not be answered. The status is chosen for the go command: 404 lets it try its next GOPROXY entry,
 * 502/504 stop it with this message; {@code lines} say what each upstream answered.
 */
public class FetchException extends Exception {
    private final int status;
    private final List<String> lines;

    private final boolean cacheable;

    public FetchException(int status, String message, List<String> lines) {
        this(status, message, lines, true);
    }

    /** @param cacheable false when the answer depends on this request (cache-only) and must not be cached by others */
    public FetchException(int status, String message, List<String> lines, boolean cacheable) {
        super(message, null, false, false); // no stack trace: these are answers, and they are kept in caches
        this.status = status;
        this.lines = List.copyOf(lines);
        this.cacheable = cacheable;
    }

    public boolean cacheable() { return cacheable; }

    public FetchException(int status, String message) {
        this(status, message, List.of());
    }

    public int status() { return status; }

    public List<String> lines() { return lines; }

    public boolean isNotFound() { return status == 404 || status == 410; }

    /** The text/plain body: a headline, then one line per upstream. The go command prints the first lines. */
    public String body() {
        StringBuilder b = new StringBuilder(getMessage()).append('\n');
        for (String l : lines) b.append('\t').append(l).append('\n');
        return b.toString();
    }
}
