package dev.modgate.sumdb;

import dev.modgate.core.sumdb.SumDbSecurityException;
import dev.modgate.fetch.FetchException;
import dev.modgate.net.SourceException;
import dev.modgate.storage.LocalFailures;
import dev.modgate.storage.LockTimeoutException;

/** Checksum-database failures as HTTP answers: the go command prints the body. */
final class SumDbErrors {
    private SumDbErrors() {}

    /**
     * A fork: 403 with the report (which starts "SECURITY ERROR"). Any other failure keeps the database's own "not
     * found" as 404, a lock of the data directory held too long is 503, a timeout 504, the rest 502.
     */
    static FetchException of(String what, Throwable e) {
        if (e instanceof SumDbSecurityException) return new FetchException(403, e.getMessage());
        for (Throwable c = e; c != null; c = c.getCause()) {
            // modgate's own disk, not the database: its message names files of this server.
            if (c instanceof java.nio.file.FileSystemException || LocalFailures.diskFull(c)) {
                org.slf4j.LoggerFactory.getLogger(SumDbErrors.class).error("{}: {}", what, e.toString());
                return new FetchException(LocalFailures.status(c), what + ": " + LocalFailures.cause(c), java.util.List.of(), false);
            }
            if (c instanceof LockTimeoutException) return new FetchException(503, what + ": " + oneLine(e));
            if (c instanceof RemoteStatusException r && r.isNotFound()) return new FetchException(404, "not found: " + what + ": " + oneLine(e));
            if (c instanceof SourceException s && s.kind() == SourceException.Kind.TIMEOUT) return new FetchException(504, what + ": " + oneLine(e));
        }
        return new FetchException(502, what + ": " + oneLine(e));
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

    static FetchException refused(String name, String report) {
        return new FetchException(403, report.strip() + "\n\nmodgate detected this earlier and refuses everything checksum database " + name
                + " would verify until an operator has looked (remove .modgate/sumdb/" + name + "/SECURITY-ERROR in the data directory)");
    }

    /**
     * A failure of the data directory: 507 when it is full, else 500; the body says what failed without a path of
     * this server, the log has the rest.
     */
    static FetchException local(String what, java.io.IOException e) {
        org.slf4j.LoggerFactory.getLogger(SumDbErrors.class).error("could not {}: {}", what, e.toString());
        return new FetchException(LocalFailures.status(e), LocalFailures.reason(what, e), java.util.List.of(), false);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.strip().replace("\n", "; ");
    }
}
