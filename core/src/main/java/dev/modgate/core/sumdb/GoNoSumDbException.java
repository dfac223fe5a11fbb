package dev.modgate.core.sumdb;

/** The module path matches the client's GONOSUMDB patterns, so the checksum database is not asked (sumdb.ErrGONOSUMDB). */
public final class GoNoSumDbException extends SumDbException {
    public GoNoSumDbException() {
        super("skipped (listed in GONOSUMDB)");
    }
}
