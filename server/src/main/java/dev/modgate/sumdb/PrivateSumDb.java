package dev.modgate.sumdb;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.sumdb.SumDbServer;
import dev.modgate.core.sumdb.note.Signer;
import dev.modgate.module.Artifact;
import dev.modgate.module.Failure;
import dev.modgate.module.ArtifactEvents;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.ModuleRequest;
import dev.modgate.module.Modules;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.storage.DirStorage;
import dev.modgate.storage.StateDir;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * modgate's own checksum database (--private-sumdb NAME), served at /sumdb/NAME/ in the standard protocol: a log
 * of the h1 sums of every module version modgate serves, private ones included, so clients can set
 * GOSUMDB="NAME+KEY" and verify everything with no GONOSUMDB holes.
 *
 * <p>A version is logged when its zip is stored, or when a client looks it up (the go command does so after
 * reading a go.mod, before the zip): the lookup fetches it through the normal pipeline first. Modules the public
 * database covers are logged only once they agree with it; --nosumdb modules as fetched. One served while the
 * public database could not be reached is not logged (a lookup answers 404 saying so) until it has agreed
 * ({@link LateVerification}); if it disagrees it is never logged, and its stored copy is quarantined.
 *
 * <p>Files, in {@code DATA/.modgate/private-sumdb/}: the keys ({@link PrivateKeys}), {@code records} and
 * {@code hashes} ({@link LogStore}), {@code signed-tree} ({@link SignedTreeGuard}), and {@code lock}, held while
 * a process serves the log: only one process may append to it.
 */
public final class PrivateSumDb implements LoggedSums, ArtifactEvents, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrivateSumDb.class);

    private final String name;
    private final String verifierKey;
    private final DirStorage store;
    private final LogStore records;
    private final PublishedLog published;
    private final SumDbServer server;
    private final FileChannel lockChannel;
    private volatile Modules modules;
    private volatile SumDbChecks checks;

    private PrivateSumDb(String name, String verifierKey, DirStorage store, LogStore records, SignedTreeGuard guard, FileChannel lockChannel) {
        this.name = name;
        this.verifierKey = verifierKey;
        this.store = store;
        this.records = records;
        this.published = new PublishedLog(records, guard);
        this.server = new SumDbServer(published, guard);
        this.lockChannel = lockChannel;
    }

    /** The directory of the private database of a data directory. */
    public static Path dir(Path dataDir) {
        return StateDir.privateSumDbIn(dataDir);
    }

    /** The verifier key clients need, or null if the data directory has no private database yet. */
    public static String verifierKey(Path dataDir) throws IOException {
        return PrivateKeys.verifierKey(dir(dataDir));
    }

    public static PrivateSumDb open(DirStorage store, String name) throws IOException {
        Path dir = Files.createDirectories(store.state().privateSumDb());
        FileChannel lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        LogStore records = null;
        try {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very process has it open already
            }
            if (lock == null) throw new IOException("another modgate serves the private checksum database in " + dir + " (only one may append to it)");
            Signer signer = PrivateKeys.loadOrCreate(store, dir, name);
            records = new LogStore(dir);
            SignedTreeGuard guard = new SignedTreeGuard(signer, store, dir.resolve("signed-tree"));
            guard.checkLog(records.treeSize(), records);
            records.cutDamagedTail();
            String vkey = PrivateKeys.verifierKey(dir);
            log.info("private checksum database {}: {} records; clients set GOSUMDB=\"{}\"", name, records.treeSize(), vkey);
            PrivateSumDb db = new PrivateSumDb(name, vkey, store, records, guard, lockChannel);
            db.tryPublish();
            return db;
        } catch (IOException | RuntimeException e) {
            if (records != null) records.close();
            lockChannel.close();
            throw e;
        }
    }

    /** Where modules are fetched from when a lookup asks for one not logged yet, and what they must agree with. */
    void connect(Modules modules, SumDbChecks checks) {
        this.modules = modules;
        this.checks = checks;
    }

    /**
     * A version is logged when its zip is stored: the request that stored it is answered after that, so the go
     * command's lookup right after its download finds the record. The go.mod's h1 is logged too, so a go.mod not
     * stored yet (a client that asked for the zip alone) is fetched through the module chain, as any client would.
     */
    @Override public void stored(ModuleVersion version, ArtifactKind kind) {
        if (kind != ArtifactKind.ZIP) return;
        try {
            ensureLogged(version.path(), version.version(), true);
        } catch (Failure e) {
            log.warn("private checksum database {}: {} not logged now (it will be on lookup, or once verified): {}", name, version, e.getMessage());
        }
    }

    @Override public String name() { return name; }

    public String verifierKey() { return verifierKey; }

    /** The records published: in the tree served at /latest. */
    public long size() { return published.treeSize(); }

    @Override public String hash(String path, String version, boolean goMod) throws IOException {
        return LoggedSums.hashIn(records.record(path, version), path, version, goMod);
    }

    /**
     * Logs path@version unless it is logged: fetched (and verified on ingest) or from storage, and in both cases
     * verified against the public database now. Nothing is logged that the public database did not agree with
     * (--nosumdb modules aside): while it cannot be reached, this is a 404 saying so, and the version is logged once
     * it answers ({@link LateVerification}).
     */
    void ensureLogged(String path, String version, boolean mayFetch) throws Failure {
        if (records.lookup(path, version).isPresent()) {
            publish(path, version);
            return;
        }
        Modules m = modules;
        if (m == null) throw new Failure(Failure.Kind.BUSY, "the private checksum database " + name + " is starting");
        Ask ask = mayFetch ? Ask.INTERNAL : Ask.INTERNAL.storedOnly();
        Artifact mod = m.get(new ModuleRequest.File(ArtifactKind.MOD, path, version), ask);
        m.get(new ModuleRequest.File(ArtifactKind.ZIP, path, version), ask);
        String modH1;
        String zipH1;
        try {
            modH1 = DirHash.hashGoMod(mod.readAll());
            zipH1 = StoredSums.h1(store, path, version, false);
            if (zipH1 == null) throw new java.nio.file.NoSuchFileException(path + "@" + version + " .zip");
        } catch (IOException e) {
            throw SumDbErrors.local("read the stored files of " + path + "@" + version + " to log them", e);
        }
        // Stored before the public database was configured, imported, or served while it could not be reached: it
        // must agree now, before it is logged.
        SumDbChecks.Verdict modSaid = checks.verifyStored(path, version, true, modH1);
        SumDbChecks.Verdict zipSaid = checks.verifyStored(path, version, false, zipH1);
        if (modSaid == SumDbChecks.Verdict.UNVERIFIED || zipSaid == SumDbChecks.Verdict.UNVERIFIED) throw notVerifiedYet(path, version);
        String text = path + " " + version + " " + zipH1 + "\n" + path + " " + version + "/go.mod " + modH1 + "\n";
        try {
            long id = records.append(path, version, text.getBytes(StandardCharsets.UTF_8));
            log.info("private checksum database {}: logged {}@{} as record {}", name, path, version, id);
        } catch (IOException e) {
            throw SumDbErrors.local("log " + path + "@" + version + " in the private checksum database " + name, e);
        }
        publish(path, version);
    }

    /** Publishes path@version's record (logged already) unless it is: 507 while the disk is full, the record waits. */
    private void publish(String path, String version) throws Failure {
        if (published.isPublished(path, version)) return;
        try {
            published.publish();
        } catch (IOException e) {
            throw SumDbErrors.local("sign a new tree head of the private checksum database " + name + " (" + path + "@" + version
                    + " is logged, and is served once the tree head can be written; every record logged before is still served)", e);
        }
    }

    /** Publishes records waiting (after a failure to write the tree head) if possible now; else the last tree is served. */
    private void tryPublish() {
        if (published.waiting() <= 0) return;
        try {
            published.publish();
            if (publishFailing) log.info("private checksum database {}: published the tree of {} records that waited", name, published.treeSize());
            publishFailing = false;
        } catch (IOException e) {
            if (!publishFailing) {
                log.warn("private checksum database {}: {} records wait to be published, the tree head cannot be written (the tree of {} is served "
                        + "meanwhile): {}", name, published.waiting(), published.treeSize(), e.toString());
            }
            publishFailing = true;
        }
    }

    /** Set while records wait because the tree head cannot be written: logged once, not on every request. */
    private volatile boolean publishFailing;

    /** A version not logged because the public database could not verify it: not vouched for, and it says why. */
    private Failure notVerifiedYet(String path, String version) {
        String pub = checks.publicName();
        return new Failure(Failure.Kind.NOT_FOUND, "not found: " + path + "@" + version + " is not in the private checksum database " + name + " (yet): modgate "
                + "stored or served it without verification while the checksum database " + pub + " could not be reached, and logs it only once " + pub
                + " has verified it (it asks again every few seconds); until then this log does not vouch for it", java.util.List.of(), false);
    }

    /** sub is the path after /sumdb/NAME: /latest, /lookup/MODULE@VERSION, /tile/... */
    public Artifact serve(String sub, boolean mayFetch) throws Failure {
        if (sub.startsWith("/lookup/")) {
            LookupPath lp = LookupPath.parse(sub.substring("/lookup/".length()));
            ensureLogged(lp.path(), lp.version(), mayFetch);
            sub = "/lookup/" + lp.escaped();
        } else {
            tryPublish(); // records left waiting by a full disk go out with the next /latest or tile once there is space
        }
        SumDbServer.Response r = server.handle(sub);
        if (r.status() != 200) {
            if (r.status() >= 500) {
                // Its text is an exception's message, which may name files of this server: for the log only.
                log.error("private checksum database {}: {} answered {}: {}", name, sub, r.status(), r.text().strip());
                throw new Failure(Failure.Kind.INTERNAL, "internal error in the private checksum database " + name + " serving " + sub + " (details in the modgate log)");
            }
            if (r.status() == 404) throw Failure.notFound("not found: " + sub + " is not in the private checksum database " + name);
            throw new Failure(r.status() == 410 ? Failure.Kind.GONE : Failure.Kind.BAD_REQUEST, r.text());
        }
        // A record never changes, and the tree head served with it stays valid (later ones extend it).
        boolean immutable = sub.startsWith("/lookup/") || sub.startsWith("/tile/") && !sub.contains(".p/");
        return Artifact.bytes(r.body(), r.contentType(), Artifact.CacheStatus.HIT, immutable);
    }

    @Override public void close() throws IOException {
        try {
            records.close();
        } finally {
            lockChannel.close(); // releases the lock
        }
    }
}
