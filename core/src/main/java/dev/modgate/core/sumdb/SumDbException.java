package dev.modgate.core.sumdb;

/**
 * A checksum database operation failed: the data could not be fetched, parsed or authenticated. The message
 * is the text golang.org/x/mod/sumdb.Client would report, e.g.
 * {@code "rsc.io/quote@v1.5.2: checking tree#3 against tree#4: downloaded inconsistent tile"}.
 */
public class SumDbException extends Exception {
    public SumDbException(String message) {
        super(message);
    }

    public SumDbException(String message, Throwable cause) {
        super(message, cause);
    }
}
