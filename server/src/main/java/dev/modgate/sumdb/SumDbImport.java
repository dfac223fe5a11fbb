package dev.modgate.sumdb;

import dev.modgate.config.SumDbSpec;
import dev.modgate.core.sumdb.SumDbClient;
import dev.modgate.core.sumdb.SumDbException;
import dev.modgate.core.sumdb.SumDbSecurityException;
import dev.modgate.core.sumdb.note.Note;
import dev.modgate.core.sumdb.note.NoteException;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.Records;
import dev.modgate.core.sumdb.tlog.Tile;
import dev.modgate.core.sumdb.tlog.TileHashReader;
import dev.modgate.core.sumdb.tlog.Tlog;
import dev.modgate.core.sumdb.tlog.TlogException;
import dev.modgate.core.sumdb.tlog.Tree;
import dev.modgate.module.FailureBackoff;
import dev.modgate.module.Failure;
import dev.modgate.storage.DirStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks what a bundle carries about a checksum database before any of it is kept: the tree head's signature with
 * the configured key; its consistency with the tree head the data directory remembers (a fork is reported and
 * recorded in SECURITY-ERROR, as when it is seen online); every lookup through the client modgate verifies downloads
 * with (signature, consistency of its tree with the bundle's, inclusion of its record), the bundle standing in for
 * the database; each bundled module version's go.sum hashes against its record; that the bundle has every tile the
 * other side needs (ProofTiles); and every tile against the tree head. Only then may {@link #commit} write anything.
 */
public final class SumDbImport {
    /** What a bundle carries about one database: its tree head, and lookups and tiles by path under its directory. */
    public record Data(String name, byte[] latest, Map<String, byte[]> files) {}

    /** A bundled module version's go.sum hashes (null when the bundle has no such file). */
    public record Sums(String path, String version, String zipHash, String modHash) {}

    public record Result(String name, int records, int tiles, long treeSize) {}

    /** The bundle's checksum data failed a check; the message is one line naming the problem. */
    public static final class RefusedException extends IOException {
        RefusedException(String msg) {
            super(msg);
        }
    }

    private static final String LOOKUP = "cache/lookup/";
    private static final String TILE = "cache/tile/";

    private final RemoteSumDb target;
    private final Map<String, byte[]> files;
    private final byte[] oldLatest;
    private final byte[] bundleLatest;
    private final Tree tree;
    /** The bundle's tree head, when it is newer than the remembered one. */
    private byte[] newLatest;
    private volatile byte[] clientLatest;

    private SumDbImport(RemoteSumDb target, Data data, Tree tree) {
        this.target = target;
        this.files = data.files();
        this.oldLatest = SumDbFiles.read(target.files().latestFile());
        this.bundleLatest = data.latest();
        this.clientLatest = data.latest();
        this.tree = tree;
    }

    /** Whether a bundle member name (below the database's directory) is one an import may write. */
    public static boolean isMemberName(String rel) {
        try {
            if (rel.startsWith(LOOKUP)) return LookupPath.parse(rel.substring(LOOKUP.length())).escaped().equals(rel.substring(LOOKUP.length()));
            if (rel.startsWith(TILE)) {
                Tile t = Tile.parse(rel.substring("cache/".length()));
                return t.h() == SumDbClient.DEFAULT_TILE_HEIGHT && t.l() >= 0;
            }
        } catch (Failure | TlogException e) {
            return false;
        }
        return false;
    }

    /**
     * Bundled versions whose hashes contradict a record of spec's database this data directory verified earlier (its
     * cached lookups), one line each: whether or not the bundle carries the database's data, an import must never
     * bring in what the database already said is something else.
     */
    public static List<String> contradictions(DirStorage store, SumDbSpec spec, List<Sums> modules) throws IOException {
        RemoteSumDb db = new RemoteSumDb(spec, "", store, null, null, true, FailureBackoff.of(Duration.ofMinutes(1)));
        List<String> out = new ArrayList<>();
        for (Sums s : modules) {
            byte[] lookup = SumDbFiles.read(db.files().cacheFile("lookup/" + new LookupPath(s.path(), s.version()).escaped()));
            if (lookup == null) continue;
            String text;
            try {
                text = new String(Records.parse(lookup).text(), StandardCharsets.UTF_8);
            } catch (TlogException e) {
                continue; // not a record this directory could have verified; the bundle's own data is checked apart
            }
            for (String line : text.split("\n")) {
                String[] f = line.split(" ");
                if (f.length != 3 || !f[0].equals(s.path())) continue;
                boolean mod = f[1].equals(s.version() + "/go.mod");
                String have = mod ? s.modHash() : f[1].equals(s.version()) ? s.zipHash() : null;
                if (have != null && !have.equals(f[2])) {
                    out.add(s.path() + "@" + s.version() + ": the bundle's " + (mod ? "go.mod" : "zip") + " has " + have + ", but checksum database "
                            + spec.name() + " said " + f[2] + " (a record this data directory verified earlier)");
                }
            }
        }
        return out;
    }

    public static SumDbImport verify(DirStorage store, SumDbSpec spec, Data data, List<Sums> modules) throws IOException {
        if (!data.name().equals(spec.name())) {
            throw new RefusedException("it carries checksum data of " + data.name() + ", but --sumdb is " + spec.name()
                    + " (import with --sumdb " + data.name() + "+KEY)");
        }
        RemoteSumDb target = new RemoteSumDb(spec, "", store, null, null, true, FailureBackoff.of(Duration.ofMinutes(1)));
        if (target.refusal() != null) {
            throw new RefusedException("checksum database " + spec.name() + " is refused in this data directory since it was caught forking (see "
                    + target.files().securityFile() + ")");
        }
        Tree tree;
        try {
            tree = Tree.parse(Note.open(data.latest(), target.verifiers()).text().getBytes(StandardCharsets.UTF_8));
        } catch (NoteException | TlogException e) {
            throw new RefusedException("its tree head of " + spec.name() + " is not one signed with the key " + spec.verifierKey() + ": " + oneLine(e));
        }
        for (String name : data.files().keySet()) {
            if (!isMemberName(name)) throw new RefusedException("unexpected checksum database member " + name);
        }
        SumDbImport imp = new SumDbImport(target, data, tree);
        imp.check(modules);
        return imp;
    }

    private void check(List<Sums> modules) throws IOException {
        checkAgainstRemembered();
        SumDbClient client = new SumDbClient(new BundleOps());
        Map<String, Sums> byLookup = new HashMap<>();
        for (Sums s : modules) {
            byLookup.put(LOOKUP + new LookupPath(s.path(), s.version()).escaped(), s);
        }
        for (String name : files.keySet()) {
            if (!name.startsWith(LOOKUP)) continue;
            Sums s = byLookup.get(name);
            if (s == null) throw new RefusedException("checksum database record " + name + " is not of a module version in the bundle");
            checkSums(client, s);
        }
        CachedTileReader cached = new CachedTileReader(target, false);
        checkTiles(new ProofTiles(tree, t -> bundleTile(t, cached)));
    }

    /**
     * The bundle's tree and the one this data directory remembers must be one history, whichever is larger: never
     * a rollback to another history, never a fork. Done here rather than by the client, whose tile cache cannot
     * tell the remembered tree's tiles from the bundle's when both have a tile at the same place.
     */
    private void checkAgainstRemembered() throws RefusedException {
        Tree old = target.verifiedTree();
        if (old == null) {
            newLatest = bundleLatest;
            return;
        }
        CachedTileReader cached = new CachedTileReader(target, false);
        Tree older = old.n() <= tree.n() ? old : tree;
        Tree newer = older == old ? tree : old;
        // The newer tree's tiles: the bundle's for the bundle's tree, this directory's for its own.
        ProofTiles tiles = new ProofTiles(newer, newer == tree ? t -> bundleTile(t, cached) : cached::cached);
        TileHashReader hashes = new TileHashReader(newer, tiles);
        Hash h;
        try {
            h = Tlog.treeHash(older.n(), hashes);
        } catch (IOException e) {
            throw new RefusedException("cannot prove the bundle's tree head of " + target.name() + " (" + tree.n() + " records) and the one this data directory remembers ("
                    + old.n() + ") one history: " + oneLine(e) + (newer == tree ? "" : "; export the bundle again from an up-to-date data directory"));
        }
        if (h.equals(older.hash())) {
            if (newer == tree) newLatest = bundleLatest;
            return;
        }
        target.securityError(SumDbClient.misbehaviorReport(older == old ? oldLatest : bundleLatest, newer == old ? oldLatest : bundleLatest, newer, older.n(), h, hashes));
        throw new RefusedException("SECURITY ERROR: the bundle's tree head of " + target.name() + " and the one this data directory remembers are two histories"
                + " (the database forked); report in " + target.files().securityFile());
    }

    private byte[] bundleTile(Tile t, CachedTileReader cached) {
        byte[] d = files.get("cache/" + t.path());
        if (d == null && !t.isFull()) {
            byte[] full = files.get("cache/" + t.full().path());
            if (full != null && full.length == t.full().w() * 32) d = Arrays.copyOf(full, t.w() * 32);
        }
        return d != null ? d : cached.cached(t);
    }

    /** The bundled hashes must be the ones the verified record holds. */
    private static void checkSums(SumDbClient client, Sums s) throws RefusedException {
        String mv = s.path() + "@" + s.version();
        try {
            String zip = single(client.lookup(s.path(), s.version()), mv);
            String mod = single(client.lookup(s.path(), s.version() + "/go.mod"), mv + "/go.mod");
            if (s.zipHash() != null && !s.zipHash().equals(zip)) {
                throw new RefusedException(mv + ": the bundle's zip has " + s.zipHash() + ", the checksum database " + zip);
            }
            if (s.modHash() != null && !s.modHash().equals(mod)) {
                throw new RefusedException(mv + ": the bundle's go.mod has " + s.modHash() + ", the checksum database " + mod);
            }
        } catch (SumDbSecurityException e) {
            throw new RefusedException("SECURITY ERROR verifying " + mv + ": the database's signed tree heads in the bundle fork (report in SECURITY-ERROR)");
        } catch (SumDbException e) {
            throw new RefusedException("checksum database record of " + oneLine(e)); // the client's message starts with M@V
        }
    }

    private static String single(List<String> lines, String what) throws RefusedException {
        if (lines.size() != 1) throw new RefusedException("checksum database record of " + what + " has " + lines.size() + " lines for it, want 1");
        String[] f = lines.get(0).split(" ");
        if (f.length != 3) throw new RefusedException("checksum database record of " + what + " is malformed");
        return f[2];
    }

    /** Every bundled tile must be the bundle tree's tile at its place, as its other tiles authenticate it. */
    private void checkTiles(ProofTiles proof) throws RefusedException {
        for (var e : files.entrySet()) {
            if (!e.getKey().startsWith(TILE)) continue;
            String path = e.getKey().substring("cache/".length());
            byte[] want;
            try {
                Tile t = Tile.parse(path);
                if (!proof.isTileOfTree(t)) throw new RefusedException("checksum database " + path + " is not a tile of the bundle's tree of " + tree.n() + " records");
                want = proof.tile(t);
            } catch (RefusedException ex) {
                throw ex;
            } catch (IOException ex) {
                throw new RefusedException("checksum database " + path + ": " + oneLine(ex));
            }
            if (!Arrays.equals(want, e.getValue())) throw new RefusedException("checksum database " + path + " does not match the bundle's signed tree head");
        }
    }

    /** Writes the verified lookups and tiles (keeping any already present), then the tree head if it is newer. */
    public Result commit() throws IOException {
        int records = 0, tiles = 0;
        for (var e : files.entrySet()) {
            Path f = target.files().cacheFile(e.getKey().substring("cache/".length()));
            if (!Files.exists(f)) target.files().write(f, e.getValue());
            if (e.getKey().startsWith(LOOKUP)) records++;
            else tiles++;
        }
        byte[] updated = newLatest;
        if (updated != null && !target.files().compareAndSwapLatest(oldLatest, updated)) {
            throw new IOException("the tree head of " + target.name() + " in this data directory changed during the import; run the import again");
        }
        Tree now = target.verifiedTree();
        return new Result(target.name(), records, tiles, now == null ? 0 : now.n());
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * The client's world during the check: the bundle stands for the database, the data directory's verified tiles
     * for its cache (never its lookups: each bundled one must be proven itself), and nothing is written but a fork
     * report.
     */
    private final class BundleOps implements SumDbClient.Ops {
        @Override public byte[] readRemote(String path) throws IOException {
            byte[] d = files.get("cache" + path);
            if (d == null) throw new IOException("the bundle lacks " + path.substring(1));
            return d;
        }

        @Override public byte[] readConfig(String file) throws IOException {
            if (file.equals("key")) return target.readConfig("key");
            // The records are proven in the bundle's tree, already checked against the remembered one.
            if (file.equals(target.name() + "/latest")) return clientLatest;
            throw new IOException("unknown checksum database config file " + file);
        }

        @Override public synchronized boolean writeConfig(String file, byte[] old, byte[] updated) throws IOException {
            if (!Arrays.equals(clientLatest, old == null ? new byte[0] : old)) return false;
            clientLatest = updated;
            return true;
        }

        /**
         * Tiles this data directory verified, where the bundle has none of its own at that place: a tile of another
         * history under the same path must not stand in for the bundle's, or a fork would look like a bad tile.
         */
        @Override public byte[] readCache(String file) {
            String prefix = target.name() + "/";
            if (!file.startsWith(prefix + "tile/")) return null;
            try {
                Tile t = Tile.parse(file.substring(prefix.length()));
                if (files.containsKey("cache/" + t.path()) || files.containsKey("cache/" + t.full().path())) return null;
            } catch (TlogException e) {
                return null;
            }
            return target.readCache(file);
        }

        @Override public void writeCache(String file, byte[] data) {}

        @Override public void securityError(String msg) {
            target.securityError(msg);
        }
    }
}
