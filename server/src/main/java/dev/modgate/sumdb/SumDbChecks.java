package dev.modgate.sumdb;

import dev.modgate.core.sumdb.SumDbException;
import dev.modgate.fetch.Checksums;
import dev.modgate.fetch.FetchException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification on ingest: a module's go.mod and zip must have the h1 sums the private log recorded for them (if it
 * did) and those the public database holds (unless the path matches --nosumdb, or --sumdb is off). A mismatch is
 * refused with a SECURITY ERROR, logged and counted; nothing is stored.
 */
public final class SumDbChecks implements Checksums {
    private static final Logger log = LoggerFactory.getLogger(SumDbChecks.class);

    private final RemoteSumDb publicDb;
    private final PrivateSumDb privateDb;
    private final LoggedSums logged;
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong unverified = new AtomicLong();
    private final boolean required;

    /**
     * logged is the private log's sums: privateDb itself when this process serves it, else a snapshot or null.
     * required: refuse (rather than serve unverified) while the public database cannot be reached.
     */
    SumDbChecks(RemoteSumDb publicDb, PrivateSumDb privateDb, LoggedSums logged, boolean required) {
        this.publicDb = publicDb;
        this.privateDb = privateDb;
        this.logged = logged;
        this.required = required;
    }

    /** Downloads served without a public-database check because it could not be reached, since start. */
    public long unverified() { return unverified.get(); }

    /** Downloads refused because their sums disagreed with a checksum database, since start. */
    public long mismatches() { return mismatches.get(); }

    @Override public void verify(String path, String version, boolean goMod, String h1) throws FetchException {
        if (logged != null) {
            String want;
            try {
                want = logged.hash(path, version, goMod);
            } catch (IOException e) {
                throw new FetchException(500, "internal error reading the private checksum database: " + e.getMessage());
            }
            if (want != null && !want.equals(h1)) throw mismatch(path, version, goMod, h1, logged.name() + " (modgate's own log)", want);
        }
        verifyPublic(path, version, goMod, h1);
    }

    /** The check against the public database alone. */
    void verifyPublic(String path, String version, boolean goMod, String h1) throws FetchException {
        if (publicDb == null || !publicDb.covers(path)) return;
        String refusal = publicDb.refusal();
        if (refusal != null) throw SumDbErrors.refused(publicDb.name(), refusal);
        List<String> lines;
        try {
            lines = publicDb.lookup(path, goMod ? version + "/go.mod" : version);
        } catch (SumDbException e) {
            if (!required && SumDbErrors.unreachable(e)) {
                // A firewall, an air gap, an outage: failing every build over it is what users turn checking off for.
                // The go command still checks against its own GOSUMDB; a reachable database's "no" is always final.
                long n = unverified.incrementAndGet();
                log.warn("checksum database {} unreachable: serving {}@{}{} UNVERIFIED ({} since start; --sumdb-required refuses instead, "
                        + "--sumdb off or --nosumdb silences this): {}", publicDb.name(), path, version, goMod ? "/go.mod" : "", n, SumDbErrors.oneLine(e));
                return;
            }
            throw SumDbErrors.of("verifying " + path + "@" + version + " against the checksum database " + publicDb.name()
                    + " (if it is a private module, add it to --nosumdb or --private)", e);
        }
        List<String> want = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length == 3 && f[2].startsWith("h1:")) want.add(f[2]);
        }
        if (want.isEmpty()) {
            throw new FetchException(502, "verifying " + path + "@" + version + ": the checksum database " + publicDb.name() + " has no h1 sum for it");
        }
        if (!want.contains(h1)) throw mismatch(path, version, goMod, h1, publicDb.name(), want.get(0));
    }

    @Override public void stored(String path, String version) {
        if (privateDb == null) return;
        try {
            privateDb.ensureLogged(path, version, true);
        } catch (FetchException e) {
            log.warn("private checksum database {}: {}@{} not logged now (it will be on lookup): {}", privateDb.name(), path, version, e.getMessage());
        }
    }

    private FetchException mismatch(String path, String version, boolean goMod, String got, String db, String want) {
        long n = mismatches.incrementAndGet();
        String what = path + "@" + version + (goMod ? "/go.mod" : "");
        log.error("SECURITY ERROR: {}: downloaded {}, checksum database {} has {}: refused, not stored ({} refused since start)", what, got, db, want, n);
        return new FetchException(403, "SECURITY ERROR: checksum mismatch for " + what + " (" + (goMod ? "its go.mod" : "the module zip") + ")\n"
                + "\tdownloaded: " + got + "\n"
                + "\t" + db + ": " + want + "\n"
                + "This download does NOT match what the checksum database holds: it was replaced at its origin or tampered with\n"
                + "on the way. modgate did not store or serve it.");
    }
}
