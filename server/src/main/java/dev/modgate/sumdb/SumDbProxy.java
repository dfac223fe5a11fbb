package dev.modgate.sumdb;

import dev.modgate.core.sumdb.SumDbClient;
import dev.modgate.core.sumdb.note.Note;
import dev.modgate.core.sumdb.note.NoteException;
import dev.modgate.core.sumdb.tlog.Tile;
import dev.modgate.core.sumdb.tlog.TileHashReader;
import dev.modgate.core.sumdb.tlog.Tiles;
import dev.modgate.core.sumdb.tlog.TlogException;
import dev.modgate.core.sumdb.tlog.Tree;
import dev.modgate.module.Artifact;
import dev.modgate.module.Failure;
import dev.modgate.module.SingleFlight;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a remote checksum database to clients at /sumdb/NAME/ (the go command uses it after a 200 for
 * /sumdb/NAME/supported), verifying what it can before it keeps it:
 * <ul>
 *   <li>lookups go through modgate's own client, so they are verified (signature, inclusion, consistency with every
 *       tree head seen before) and then kept forever; modules matching --nosumdb are refused, never forwarded;</li>
 *   <li>hash tiles inside the newest verified tree are rebuilt from verified tiles, so they too are kept forever
 *       (partial ones as well: a partial tile never changes, it only stops being served once it is full);</li>
 *   <li>/latest (after its signature is checked), data tiles and tiles beyond the verified tree are passed
 *       through, reused for a TTL, and served stale when the database is unreachable.</li>
 * </ul>
 */
public final class SumDbProxy {
    private static final Logger log = LoggerFactory.getLogger(SumDbProxy.class);
    static final String TEXT = "text/plain; charset=UTF-8";
    static final String TILE = "application/octet-stream";

    private final RemoteSumDb db;
    private final Duration ttl;
    private final SingleFlight<Artifact> flights = new SingleFlight<>();

    public SumDbProxy(RemoteSumDb db, Duration ttl) {
        this.db = db;
        this.ttl = ttl;
    }

    /** sub is the path after /sumdb/NAME, e.g. "/lookup/rsc.io/quote@v1.5.2". */
    public Artifact serve(String sub, boolean mayFetch) throws Failure {
        String refusal = db.refusal();
        if (refusal != null) throw SumDbErrors.refused(db.name(), refusal);
        if (sub.equals("/latest")) return latest(mayFetch);
        if (sub.startsWith("/lookup/")) return lookup(LookupPath.parse(sub.substring("/lookup/".length())), mayFetch);
        if (sub.startsWith("/tile/")) return tile(sub.substring(1), mayFetch);
        throw new Failure(Failure.Kind.NOT_FOUND, "not found: /sumdb/" + db.name() + sub + " (a checksum database serves /supported, /latest, /lookup/MODULE@VERSION and /tile/...)");
    }

    private Artifact lookup(LookupPath lp, boolean mayFetch) throws Failure {
        if (!db.covers(lp.path())) {
            throw new Failure(Failure.Kind.REFUSED, "forbidden: " + lp.path() + " matches --nosumdb (" + db.noSumDbPatterns()
                    + "): modgate does not send its name to the checksum database " + db.name());
        }
        Path cached = db.files().cacheFile("lookup/" + lp.escaped());
        byte[] hit = SumDbFiles.read(cached);
        if (hit != null) return Artifact.bytes(hit, TEXT, Artifact.CacheStatus.HIT, true);
        if (!mayFetch) throw noCopy("the lookup of " + lp.path() + "@" + lp.version());
        return flight("lookup " + lp.escaped(), () -> {
            try {
                db.lookup(lp.path(), lp.version());
            } catch (Exception e) {
                throw SumDbErrors.of("checksum database " + db.name() + ": looking up " + lp.path() + "@" + lp.version(), e);
            }
            byte[] data = SumDbFiles.read(cached);
            if (data == null) throw new Failure(Failure.Kind.INTERNAL, "internal error: the verified lookup of " + lp.path() + "@" + lp.version() + " was not cached (see the log)");
            return Artifact.bytes(data, TEXT, Artifact.CacheStatus.MISS, true);
        });
    }

    private Artifact tile(String rel, boolean mayFetch) throws Failure {
        Tile t;
        try {
            t = Tile.parse(rel);
        } catch (TlogException e) {
            throw new Failure(Failure.Kind.BAD_REQUEST, "bad request: " + e.getMessage());
        }
        if (t.l() >= 0 && t.h() == SumDbClient.DEFAULT_TILE_HEIGHT) {
            CachedTileReader reader = new CachedTileReader(db, mayFetch);
            byte[] hit = reader.cached(t);
            if (hit != null) return Artifact.bytes(hit, TILE, Artifact.CacheStatus.HIT, t.isFull());
            Tree tree = db.verifiedTree();
            if (tree != null && inTree(t, tree.n())) {
                try {
                    return flight("tile " + rel, () -> {
                        byte[] data = Tiles.readTileData(t, new TileHashReader(tree, reader));
                        db.writeCache(db.name() + "/" + rel, data);
                        return Artifact.bytes(data, TILE, Artifact.CacheStatus.MISS, t.isFull());
                    });
                } catch (Failure e) {
                    if (e.getCause() instanceof TlogException) throw e;
                    log.debug("tile {} of {} not verifiable now ({}); passing it through", rel, db.name(), e.getMessage());
                }
            }
        }
        return passThrough(rel, mayFetch, data -> {
            if (t.l() >= 0 && data.length != t.w() * 32) throw new IOException("tile " + rel + " has " + data.length + " bytes, want " + t.w() * 32);
        }, TILE);
    }

    /** Whether the tree of the given size has all of tile t's hashes. */
    static boolean inTree(Tile t, long treeSize) {
        int shift = t.l() * t.h();
        long count = shift >= 63 ? 0 : treeSize >> shift;
        return t.n() < (1L << (62 - t.h())) && (t.n() << t.h()) + t.w() <= count;
    }

    private Artifact latest(boolean mayFetch) throws Failure {
        if (!mayFetch) {
            // Offline: the newest verified tree head (an import may have moved it past the last /latest passed
            // through), unless the passed-through copy is newer still.
            byte[] verified = SumDbFiles.read(db.files().latestFile());
            byte[] passed = SumDbFiles.read(db.files().proxyFile("latest"));
            if (treeSize(verified) >= 0 && treeSize(verified) >= treeSize(passed)) return Artifact.bytes(verified, TEXT, Artifact.CacheStatus.HIT, false);
        }
        return passThrough("latest", mayFetch, data -> {
            try {
                Note.open(data, db.verifiers());
            } catch (NoteException e) {
                throw new IOException("its /latest is not a tree head signed with the configured key: " + e.getMessage());
            }
        }, TEXT);
    }

    /** The size of the tree a signed tree head names, -1 when there is none or it does not verify. */
    private long treeSize(byte[] note) {
        if (note == null || note.length == 0) return -1;
        try {
            return Tree.parse(Note.open(note, db.verifiers()).text().getBytes(StandardCharsets.UTF_8)).n();
        } catch (NoteException | TlogException e) {
            return -1;
        }
    }

    private interface Check {
        void check(byte[] data) throws IOException;
    }

    /** An answer that cannot be verified (yet): reused for the TTL, refetched after, served stale if that fails. */
    private Artifact passThrough(String rel, boolean mayFetch, Check check, String type) throws Failure {
        Path f = db.files().proxyFile(rel);
        boolean fresh = db.files().age(f).map(a -> a.compareTo(ttl) < 0).orElse(false);
        byte[] kept = SumDbFiles.read(f);
        if (kept != null && (fresh || !mayFetch)) return Artifact.bytes(kept, type, fresh ? Artifact.CacheStatus.HIT : Artifact.CacheStatus.STALE, false);
        if (!mayFetch) throw noCopy("/" + rel + " of " + db.name());
        return flight("pass " + rel, () -> {
            byte[] data;
            try {
                data = db.readRemote("/" + rel);
                check.check(data);
            } catch (IOException e) {
                byte[] stale = SumDbFiles.read(f);
                if (stale != null && !(e instanceof RemoteStatusException r && r.isNotFound())) {
                    log.warn("serving stale /{} of checksum database {}: {}", rel, db.name(), e.getMessage());
                    return Artifact.bytes(stale, type, Artifact.CacheStatus.STALE, false);
                }
                throw SumDbErrors.of("checksum database " + db.name() + ": /" + rel, e);
            }
            try {
                db.files().write(f, data);
            } catch (IOException e) {
                log.warn("could not keep /{} of {}: {}", rel, db.name(), e.toString());
            }
            return Artifact.bytes(data, type, Artifact.CacheStatus.MISS, false);
        });
    }

    private interface Work {
        Artifact run() throws Exception;
    }

    private Artifact flight(String key, Work work) throws Failure {
        try {
            SingleFlight.Result<Artifact> r = flights.run(key, work::run);
            Artifact a = r.value();
            return r.shared() && a.cache() == Artifact.CacheStatus.MISS ? a.withCache(Artifact.CacheStatus.SHARED) : a;
        } catch (Failure e) {
            throw e;
        } catch (TlogException e) {
            Failure f = new Failure(Failure.Kind.UPSTREAM_FAILED, "checksum database " + db.name() + " sent tiles that do not match its signed tree: " + e.getMessage());
            f.initCause(e);
            throw f;
        } catch (Exception e) {
            throw SumDbErrors.of("checksum database " + db.name(), e);
        }
    }

    private Failure noCopy(String what) {
        String why = db.offline() ? "modgate is offline (--offline)" : "fetching is disabled for this request (Disable-Module-Fetch: true)";
        return new Failure(Failure.Kind.NOT_FOUND, "not found: " + why + " and has no copy of " + what);
    }
}
