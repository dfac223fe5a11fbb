package dev.modgate.sumdb;

import dev.modgate.config.SumDbSpec;
import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.sumdb.note.Note;
import dev.modgate.core.sumdb.note.NoteException;
import dev.modgate.core.sumdb.tlog.Records;
import dev.modgate.core.sumdb.tlog.Tile;
import dev.modgate.core.sumdb.tlog.TlogException;
import dev.modgate.core.sumdb.tlog.Tree;
import dev.modgate.module.FailureBackoff;
import dev.modgate.net.Outbound;
import dev.modgate.source.UpstreamList;
import dev.modgate.storage.DirStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks, from what a data directory holds about a checksum database, what a bundle needs so that the other side can
 * verify its module versions without the database: the newest verified tree head T, the records of the bundled
 * versions, and the tiles of T that prove each record in T ({@link ProofTiles}). Only what modgate verified itself is
 * taken: a version it never looked up is counted, not fetched. Tiles of T the cache lacks (modgate checked the record
 * against an earlier tree) are fetched from the database when it can be reached, authenticated against T like any.
 *
 * <p>Each record travels as a lookup answer signed with T rather than with the tree head it was first served with.
 * The go command checks every record against the newest tree head it has seen, so lookups signed with many trees
 * would make it ask for tiles of each; with T alone it needs T's tiles, which the cache is most likely to have (a
 * lookup's record and tree head are independent parts of the answer: the record is proven in whichever tree head
 * comes with it).
 */
public final class SumDbExport {
    private static final Logger log = LoggerFactory.getLogger(SumDbExport.class);

    /**
     * @param latest    the signed tree head T, or null when the data directory holds none
     * @param files     paths under the database's directory ("cache/lookup/...", "cache/tile/...") and their bytes
     * @param records   lookups included
     * @param missing   bundled versions without a lookup that could be included (never looked up, or the tiles
     *                  proving it in T neither cached nor fetched)
     * @param unproven  earlier tree heads asked for (--since) whose consistency with T could not be proven
     * @param treeSize  records in T
     */
    public record Result(String name, byte[] latest, Map<String, byte[]> files, int records, int missing, int unproven, long treeSize) {
        public static Result none(String name, int missing) {
            return new Result(name, null, Map.of(), 0, missing, 0, 0);
        }
    }

    private SumDbExport() {}

    /**
     * @param earlier  tree heads the importing side may remember (from an earlier bundle): their consistency with T is
     *                 included too
     * @param outbound to fetch tiles the cache lacks, or null to take only what is cached
     */
    public static Result collect(DirStorage store, SumDbSpec spec, Collection<ModuleVersion> versions, List<byte[]> earlier, Outbound outbound)
            throws IOException {
        Path dir = dbDir(store, spec.name());
        if (!Files.isRegularFile(dir.resolve("latest"))) return Result.none(spec.name(), versions.size());
        RemoteSumDb db = new RemoteSumDb(spec, "", store, outbound, UpstreamList.parse("direct"), outbound == null,
                FailureBackoff.of(Duration.ofMinutes(1)));
        // One read: a running serve may move the tree head on meanwhile, and records, tiles and manifest must all be
        // of the same tree.
        byte[] latest = SumDbFiles.read(db.files().latestFile());
        Tree tree = null;
        if (latest != null && latest.length > 0) {
            try {
                tree = treeOf(latest, db);
            } catch (NoteException | TlogException e) {
                log.warn("ignoring unreadable {}: {}", db.files().latestFile(), e.getMessage());
            }
        }
        if (db.refusal() != null) {
            throw new IOException("SECURITY ERROR: checksum database " + spec.name() + " misbehaved and is refused in this data directory (see "
                    + db.files().securityFile() + "); export with --sumdb off to carry the modules without its data");
        }
        if (tree == null) {
            log.warn("not exporting checksum database {}: its tree head is unreadable", spec.name());
            return Result.none(spec.name(), versions.size());
        }
        ProofTiles c = new ProofTiles(tree, new TileSource(db, outbound != null)::read);
        Map<String, byte[]> files = new TreeMap<>();
        int records = 0, missing = 0;
        for (ModuleVersion mv : versions) {
            String rel = "lookup/" + CaseEncoding.escapePath(mv.path()) + "@" + CaseEncoding.escapeVersion(mv.version());
            byte[] lookup = SumDbFiles.read(db.files().cacheFile(rel));
            try {
                if (lookup == null) throw new IOException("not looked up");
                Records.Parsed rec = Records.parse(lookup);
                if (treeOf(rec.rest(), db).n() > tree.n()) throw new IOException("looked up in a tree newer than the newest verified one");
                c.proveRecord(rec.id());
                files.put("cache/" + rel, withTreeHead(rec, latest));
                records++;
            } catch (IOException | NoteException e) {
                log.debug("no checksum database record of {}@{} in the bundle: {}", mv.path(), mv.version(), e.getMessage());
                missing++;
            }
        }
        int unproven = 0;
        for (byte[] e : earlier) {
            try {
                Tree t = treeOf(e, db);
                if (t.n() <= tree.n()) c.proveTree(t);
            } catch (ProofTiles.NotAPrefix fork) {
                // Not a gap in the cache: two signed histories. The data directory refuses this database from now on.
                db.securityError(c.forkReport(e, latest, fork));
                throw new IOException("SECURITY ERROR: checksum database " + spec.name() + " " + fork.getMessage()
                        + " (an earlier bundle's tree head against this data directory's); details in " + db.files().securityFile());
            } catch (IOException | NoteException ex) {
                log.debug("cannot include the proof that the tree of {} extends an earlier one: {}", spec.name(), ex.getMessage());
                unproven++;
            }
        }
        for (var t : c.tiles().entrySet()) files.put("cache/" + t.getKey().path(), t.getValue());
        return new Result(spec.name(), latest, files, records, missing, unproven, tree.n());
    }

    /** The tree heads of the lookups cached up to a time: what a data directory fed by earlier bundles may remember. */
    public static List<byte[]> treeHeadsUpTo(DirStorage store, String name, Instant upTo) throws IOException {
        Path lookups = dbDir(store, name).resolve("cache").resolve("lookup");
        Map<String, byte[]> heads = new LinkedHashMap<>();
        if (!Files.isDirectory(lookups)) return List.of();
        try (Stream<Path> walk = Files.walk(lookups)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(p) || Files.getLastModifiedTime(p).toInstant().isAfter(upTo)) continue;
                byte[] data = SumDbFiles.read(p);
                if (data == null) continue;
                try {
                    byte[] note = Records.parse(data).rest();
                    heads.putIfAbsent(new String(note, StandardCharsets.UTF_8), note);
                } catch (TlogException e) {
                    // Not a lookup modgate wrote; it is not exported either.
                }
            }
        }
        return new ArrayList<>(heads.values());
    }

    /** The verified cache, else the database until it first fails (each further attempt would wait out a timeout). */
    private static final class TileSource {
        private final CachedTileReader cache;
        private final CachedTileReader remote;
        private boolean reachable;

        TileSource(RemoteSumDb db, boolean fetch) {
            this.cache = new CachedTileReader(db, false);
            this.remote = new CachedTileReader(db, true);
            this.reachable = fetch;
        }

        byte[] read(Tile t) {
            byte[] d = cache.cached(t);
            if (d != null || !reachable) return d;
            try {
                return remote.readTiles(List.of(t)).get(0);
            } catch (IOException e) {
                log.warn("not fetching the tiles the cache lacks from checksum database {}: {}", remote.name(), e.getMessage());
                reachable = false;
                return null;
            }
        }
    }

    private static byte[] withTreeHead(Records.Parsed rec, byte[] treeHead) throws TlogException {
        byte[] record = Records.format(rec.id(), rec.text());
        byte[] out = java.util.Arrays.copyOf(record, record.length + treeHead.length);
        System.arraycopy(treeHead, 0, out, record.length, treeHead.length);
        return out;
    }

    static Path dbDir(DirStorage store, String name) {
        Path d = store.state().sumdbs();
        for (String el : name.split("/")) d = d.resolve(el);
        return d;
    }

    private static Tree treeOf(byte[] note, RemoteSumDb db) throws NoteException, TlogException {
        return Tree.parse(Note.open(note, db.verifiers()).text().getBytes(StandardCharsets.UTF_8));
    }
}
