package dev.modgate.core.sumdb;

/**
 * The checksum database server misbehaved: it signed two tree heads that are not on one timeline (a fork, or a
 * rollback to a different history). This is evidence of tampering, never a transient error. The message is the
 * full report x/mod passes to ClientOps.SecurityError, starting {@code "SECURITY ERROR\n"} and holding both
 * signed notes and the proof of inconsistency, so it can be published as is.
 */
public final class SumDbSecurityException extends SumDbException {
    public SumDbSecurityException(String report) {
        super(report);
    }
}
