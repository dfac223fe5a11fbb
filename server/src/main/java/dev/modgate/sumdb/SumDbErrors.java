package dev.modgate.sumdb;

import dev.modgate.core.sumdb.SumDbSecurityException;
import dev.modgate.module.Failure;
import dev.modgate.net.SourceException;
import dev.modgate.storage.LocalFailures;
import dev.modgate.storage.LockTimeoutException;

/** Checksum-database failures as HTTP answers: the go command prints the body. */
final class SumDbErrors {
    private SumDbErrors() {}

    /**
     * A fork: REFUSED with the report (which starts "SECURITY ERROR"). Any other failure keeps the database's own "not
     * found" as NOT_FOUND, a lock of the data directory held too long is BUSY, a timeout UPSTREAM_TIMEOUT, the rest UPSTREAM_FAILED.
     */
    static Failure of(String what, Throwable e) {
        if (e instanceof SumDbSecurityException) return new Failure(Failure.Kind.REFUSED, e.getMessage());
        for (Throwable c = e; c != null; c = c.getCause()) {
            // modgate's own disk, not the database: its message names files of this server.
            if (c instanceof java.nio.file.FileSystemException || LocalFailures.diskFull(c)) {
                org.slf4j.LoggerFactory.getLogger(SumDbErrors.class).error("{}: {}", what, e.toString());
                return new Failure(LocalFailures.kind(c), what + ": " + LocalFailures.cause(c), java.util.List.of(), false);
            }
            if (c instanceof LockTimeoutException) return new Failure(Failure.Kind.BUSY, what + ": " + oneLine(e));
            if (c instanceof RemoteStatusException r && r.isNotFound()) return new Failure(Failure.Kind.NOT_FOUND, "not found: " + what + ": " + oneLine(e));
            if (c instanceof SourceException s && s.kind() == SourceException.Kind.TIMEOUT) return new Failure(Failure.Kind.UPSTREAM_TIMEOUT, what + ": " + oneLine(e));
        }
        return new Failure(Failure.Kind.UPSTREAM_FAILED, what + ": " + oneLine(e));
    }

    /** No answer at all (no route, DNS, connection refused, timeout, 5xx): as opposed to an answer that says no. */
    static boolean unreachable(Throwable e) {
        if (e instanceof SumDbSecurityException) return false;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RemoteStatusException r) return r.status() >= 500;
            if (c instanceof SourceException s) return s.kind() == SourceException.Kind.FAILED || s.kind() == SourceException.Kind.TIMEOUT;
            if (c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException || c instanceof java.net.http.HttpTimeoutException) return true;
        }
        return false;
    }

    static Failure refused(String name, String report) {
        return new Failure(Failure.Kind.REFUSED, report.strip() + "\n\nmodgate detected this earlier and refuses everything checksum database " + name
                + " would verify until an operator has looked (remove .modgate/sumdb/" + name + "/SECURITY-ERROR in the data directory)");
    }

    /**
     * A failure of the data directory: 507 when it is full, else 500; the body says what failed without a path of
     * this server, the log has the rest.
     */
    static Failure local(String what, java.io.IOException e) {
        org.slf4j.LoggerFactory.getLogger(SumDbErrors.class).error("could not {}: {}", what, e.toString());
        return LocalFailures.failure(what, e);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.strip().replace("\n", "; ");
    }
}
