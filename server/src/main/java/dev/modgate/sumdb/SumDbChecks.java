package dev.modgate.sumdb;

import dev.modgate.core.sumdb.SumDbException;
import dev.modgate.module.Checksums;
import dev.modgate.module.Failure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification on ingest: a module's go.mod and zip must have the h1 sums the private log recorded for them (if it
 * did) and those the public database holds (unless the path matches --nosumdb, or --sumdb is off). A mismatch is
 * refused with a SECURITY ERROR, logged and counted; nothing is stored. While the public database cannot be reached
 * (and --sumdb-required is not set) a download is served unverified, after it was recorded in
 * {@link ServedUnverified}: {@link LateVerification} verifies it once the database answers, and a copy it refuses
 * then is quarantined ({@link #verifyStored}).
 */
public final class SumDbChecks implements Checksums {
    private static final Logger log = LoggerFactory.getLogger(SumDbChecks.class);

    private final RemoteSumDb publicDb;
    private final PrivateSumDb privateDb;
    private final LoggedSums logged;
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong unverified = new AtomicLong();
    private final boolean required;
    private final ServedUnverified unverifiedServed;
    private final Quarantine quarantine;

    /**
     * logged is the private log's sums: privateDb itself when this process serves it, else a snapshot or null.
     * required: refuse (rather than serve unverified) while the public database cannot be reached.
     */
    SumDbChecks(RemoteSumDb publicDb, PrivateSumDb privateDb, LoggedSums logged, boolean required, Quarantine quarantine) {
        this.publicDb = publicDb;
        this.unverifiedServed = publicDb == null ? null : publicDb.servedUnverified();
        this.quarantine = quarantine;
        this.privateDb = privateDb;
        this.logged = logged;
        this.required = required;
    }

    /** The public database's name, or null when --sumdb off. */
    String publicName() { return publicDb == null ? null : publicDb.name(); }

    /** Downloads served without a public-database check because it could not be reached, since start. */
    public long unverified() { return unverified.get(); }

    /** Downloads refused because their sums disagreed with a checksum database, since start. */
    public long mismatches() { return mismatches.get(); }

    @Override public void verify(String path, String version, boolean goMod, String h1) throws Failure {
        if (logged != null) {
            String want;
            try {
                want = logged.hash(path, version, goMod);
            } catch (IOException e) {
                throw SumDbErrors.local("read the private checksum database", e);
            }
            if (want != null && !want.equals(h1)) throw mismatch(path, version, goMod, h1, logged.name() + " (modgate's own log)", want);
        }
        verifyPublic(path, version, goMod, h1);
    }

    /** What the public database said of a sum that it did not refuse. */
    enum Verdict {
        /** It holds that sum. */
        AGREED,
        /** Not asked: no public database, or the path matches --nosumdb. */
        NOT_ASKED,
        /** It could not be reached: served unverified, recorded in {@link ServedUnverified} to be verified later. */
        UNVERIFIED
    }

    /** The check against the public database alone, of a download about to be stored. */
    Verdict verifyPublic(String path, String version, boolean goMod, String h1) throws Failure {
        return check(path, version, goMod, h1, false);
    }

    /**
     * The check against the public database of a copy already stored (and maybe served): if the database says no
     * (another sum, or no such module), the copy is quarantined so it is never served again, and that is logged as
     * a SECURITY ERROR.
     */
    Verdict verifyStored(String path, String version, boolean goMod, String h1) throws Failure {
        boolean servedUnverified = unverifiedServed != null && unverifiedServed.has(path, version, goMod);
        try {
            return check(path, version, goMod, h1, true);
        } catch (Failure e) {
            boolean no = e.kind() == Failure.Kind.NOT_FOUND || e.kind() == Failure.Kind.REFUSED && publicDb.refusal() == null;
            if (no) quarantine(path, version, goMod, h1, servedUnverified, e);
            throw e;
        }
    }

    private Verdict check(String path, String version, boolean goMod, String h1, boolean stored) throws Failure {
        if (publicDb == null || !publicDb.covers(path)) return Verdict.NOT_ASKED;
        String refusal = publicDb.refusal();
        if (refusal != null) throw SumDbErrors.refused(publicDb.name(), refusal);
        List<String> lines;
        try {
            lines = publicDb.lookup(path, goMod ? version + "/go.mod" : version);
        } catch (SumDbException e) {
            if (!required && SumDbErrors.unreachable(e)) {
                // A firewall, an air gap, an outage: failing every build over it is what users turn checking off for.
                // The go command still checks against its own GOSUMDB; a reachable database's "no" is always final.
                // Recorded first: what cannot be verified later is not served now.
                try {
                    unverifiedServed.add(path, version, goMod, h1);
                } catch (IOException io) {
                    throw SumDbErrors.local("record that " + path + "@" + version + " is served unverified (the checksum database "
                            + publicDb.name() + " cannot be reached)", io);
                }
                long n = unverified.incrementAndGet();
                log.warn("checksum database {} unreachable: accepting {}@{}{} UNVERIFIED ({} since start; verified once it answers again; "
                        + "--sumdb-required refuses instead, --sumdb off or --nosumdb silences this): {}", publicDb.name(), path, version,
                        goMod ? "/go.mod" : "", n, SumDbErrors.oneLine(e));
                return Verdict.UNVERIFIED;
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
            throw new Failure(Failure.Kind.UPSTREAM_FAILED, "verifying " + path + "@" + version + ": the checksum database " + publicDb.name() + " has no h1 sum for it");
        }
        if (!want.contains(h1)) throw mismatch(path, version, goMod, h1, publicDb.name(), want.get(0), stored);
        // Only the sum agreed with is done with: a different one recorded was another copy, still to be checked.
        if (h1.equals(unverifiedServed.h1(path, version, goMod))) {
            try {
                unverifiedServed.remove(path, version, goMod);
                log.info("checksum database {} answers again: {}@{}{}, served unverified before, is verified now", publicDb.name(), path, version,
                        goMod ? "/go.mod" : "");
            } catch (IOException e) {
                log.warn("could not drop the record that {}@{} was served unverified (it is verified again later): {}", path, version, e.toString());
            }
        }
        return Verdict.AGREED;
    }

    private void quarantine(String path, String version, boolean goMod, String h1, boolean servedUnverified, Failure why) {
        String what = path + "@" + version + (goMod ? "/go.mod" : "");
        // Recorded by a download (served at once) or by an import (stored, served from then on): the words fit both.
        String how = servedUnverified ? "was stored or served UNVERIFIED while the checksum database " + publicDb.name() + " could not be reached"
                : "was stored without a check against the checksum database " + publicDb.name() + " (imported, or stored before it was configured)";
        try {
            String moved = quarantine.move(path, version, goMod, h1, what + " (" + h1 + ") " + how + ", and the database refuses it now:\n" + why.body());
            if (moved != null || servedUnverified) {
                String said = why.getMessage().lines().findFirst().orElse("");
                log.error("SECURITY ERROR: {} ({}) {}, and the database refuses it now ({}). {}; clients that downloaded it meanwhile hold a module "
                        + "the database does not vouch for (their go command refuses it when it checks against {}: run `go mod verify`)", what, h1, how,
                        said, moved != null ? "The stored copy is moved to " + moved + " and will not be served again" : "No copy of it is stored",
                        publicDb.name());
            }
            if (unverifiedServed != null) unverifiedServed.remove(path, version, goMod);
        } catch (IOException e) {
            log.error("SECURITY ERROR: {} ({}) {}, and the database refuses it now: {}. Moving the stored copy aside FAILED ({}): delete it by hand",
                    what, h1, how, SumDbErrors.oneLine(why), e.toString());
        }
    }


    private Failure mismatch(String path, String version, boolean goMod, String got, String db, String want) {
        return mismatch(path, version, goMod, got, db, want, false);
    }

    /** stored: the copy checked is one modgate stored before (it is then quarantined), not a download. */
    private Failure mismatch(String path, String version, boolean goMod, String got, String db, String want, boolean stored) {
        long n = mismatches.incrementAndGet();
        String what = path + "@" + version + (goMod ? "/go.mod" : "");
        log.error("SECURITY ERROR: {}: {} {}, checksum database {} has {}: refused{} ({} refused since start)", what, stored ? "stored" : "downloaded",
                got, db, want, stored ? "" : ", not stored", n);
        if (stored) {
            return new Failure(Failure.Kind.REFUSED, "SECURITY ERROR: checksum mismatch for " + what + " (" + (goMod ? "its go.mod" : "the module zip") + ")\n"
                    + "\tstored: " + got + "\n"
                    + "\t" + db + ": " + want + "\n"
                    + "modgate stored this copy without verifying it (the checksum database could not be reached) and it does NOT\n"
                    + "match what the checksum database holds: it was replaced at its origin or tampered with on the way. modgate\n"
                    + "has removed its copy and did not log it.");
        }
        return new Failure(Failure.Kind.REFUSED, "SECURITY ERROR: checksum mismatch for " + what + " (" + (goMod ? "its go.mod" : "the module zip") + ")\n"
                + "\tdownloaded: " + got + "\n"
                + "\t" + db + ": " + want + "\n"
                + "This download does NOT match what the checksum database holds: it was replaced at its origin or tampered with\n"
                + "on the way. modgate did not store or serve it.");
    }
}
