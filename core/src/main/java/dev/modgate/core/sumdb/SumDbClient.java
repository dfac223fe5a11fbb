package dev.modgate.core.sumdb;

import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModuleRuleException;
import dev.modgate.core.module.PathPatterns;
import dev.modgate.core.sumdb.note.Note;
import dev.modgate.core.sumdb.note.NoteException;
import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.core.sumdb.note.Verifier;
import dev.modgate.core.sumdb.note.Verifiers;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.HashReader;
import dev.modgate.core.sumdb.tlog.Records;
import dev.modgate.core.sumdb.tlog.Tile;
import dev.modgate.core.sumdb.tlog.TileHashReader;
import dev.modgate.core.sumdb.tlog.TileReader;
import dev.modgate.core.sumdb.tlog.Tlog;
import dev.modgate.core.sumdb.tlog.TlogException;
import dev.modgate.core.sumdb.tlog.Tree;
import dev.modgate.core.text.GoStrings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A checksum database client with the verification logic of golang.org/x/mod/sumdb.Client, over an
 * {@link Ops} interface for everything outside (HTTP, files), so that it does no I/O of its own.
 *
 * <p>{@link #lookup} fetches a module version's record and the signed tree head that comes with it, checks
 * the signature, checks that the tree head is on one timeline with the latest one this client (and the
 * configuration it shares) has seen — consistency proofs computed from tiles — and that the record is in
 * the tree, again through tiles. Any fork in the server's history is a {@link SumDbSecurityException}.
 * The requests made are those of the go command: {@code /lookup/<path>@<version>} and {@code /tile/8/...},
 * partial tiles for the tree size known, falling back to the full tile.
 *
 * <p>Safe for concurrent use; {@link Ops} implementations must be too.
 */
public final class SumDbClient {
    /** The tile height the go command and sum.golang.org use. */
    public static final int DEFAULT_TILE_HEIGHT = 8;

    /**
     * The client's access to the outside world (x/mod's ClientOps). File names are relative, e.g. "key",
     * {@code "sum.golang.org/latest"}, {@code "sum.golang.org/lookup/rsc.io/quote@v1.5.2"},
     * {@code "sum.golang.org/tile/8/0/001.p/44"}.
     */
    public interface Ops {
        /**
         * The body served at path (beginning "/lookup/" or "/tile/") by the database server; any non-200
         * answer is an IOException whose message the client reports.
         */
        byte[] readRemote(String path) throws IOException;

        /**
         * A configuration file: "key" holds the server's verifier key; {@code <name>/latest} the latest
         * signed tree head seen, or nothing (empty or null) to start from the empty tree.
         */
        byte[] readConfig(String file) throws IOException;

        /**
         * Atomically replaces the configuration file's content old by updated, returning false without writing
         * if the content is no longer old (another client moved it on meanwhile). Never called for "key".
         */
        boolean writeConfig(String file, byte[] old, byte[] updated) throws IOException;

        /** A cached file, or null if absent; any failure to read counts as absent. */
        byte[] readCache(String file);

        /** Stores a cache file (only data already verified is written); failures are the implementation's to log. */
        void writeCache(String file, byte[] data);

        /** An informational message. */
        default void log(String msg) {}

        /**
         * The server misbehaved (see {@link SumDbSecurityException}); msg is the full report. The client
         * throws a SumDbSecurityException with the same text after this returns.
         */
        void securityError(String msg);
    }

    private static final int MSG_PAST = 1;
    private static final int MSG_NOW = 2;
    private static final int MSG_FUTURE = 3;

    private final Ops ops;
    private final int tileHeight;
    private final PathPatterns noSumDb;

    // Set once by init() (before the volatile write of initialized).
    private final Object initLock = new Object();
    private volatile boolean initialized;
    private String name;
    private Verifiers verifiers;

    /*
     * In-memory caches. x/mod's client keeps everything for its lifetime, one go command run; this one may live
     * as long as a server, so they are bounded. Anything dropped is read again, normally from the persistent
     * cache. Lookups are remembered mainly so that a version's two go.sum lines cost one fetch.
     */
    static final int MAX_RECORDS = 1024;
    static final int MAX_TILES = 1024; // at most 8 MiB of full height-8 tiles
    static final int MAX_SAVED = 1 << 16;

    private final OnceCache<String, byte[]> records = new OnceCache<>(MAX_RECORDS);
    private final OnceCache<Tile, byte[]> tileCache = new OnceCache<>(MAX_TILES);
    private final ClientTileReader tileReader = new ClientTileReader();
    /**
     * Tiles known to be in the persistent cache already (read from it, or written after verification), so
     * they are not written again. Cleared when large: the cost is a redundant write.
     */
    private final Set<Tile> tileSaved = ConcurrentHashMap.newKeySet();

    private final Object latestLock = new Object();
    private Tree latest = Tree.EMPTY; // guarded by latestLock
    private byte[] latestMsg = new byte[0]; // guarded by latestLock

    /** A client with tile height 8 and no GONOSUMDB patterns. */
    public SumDbClient(Ops ops) {
        this(ops, DEFAULT_TILE_HEIGHT, "");
    }

    /**
     * A client reading tiles of the given height (x/mod's SetTileHeight; tests use small ones) that refuses,
     * with {@link GoNoSumDbException}, module paths matching the comma-separated GONOSUMDB patterns.
     */
    public SumDbClient(Ops ops, int tileHeight, String goNoSumDb) {
        if (tileHeight <= 0 || tileHeight > 30) {
            throw new IllegalArgumentException("invalid tile height " + tileHeight);
        }
        this.ops = ops;
        this.tileHeight = tileHeight;
        this.noSumDb = PathPatterns.of(goNoSumDb);
    }

    /**
     * The go.sum lines for a module version (the version may end in "/go.mod" for the go.mod hash line),
     * after authenticating them as described in the class comment.
     *
     * @throws GoNoSumDbException if the path matches the GONOSUMDB patterns
     * @throws SumDbSecurityException if the server's signed history forks; its message is the full report
     * @throws SumDbException for every other failure, with a message {@code "<path>@<vers>: <reason>"}
     */
    public List<String> lookup(String path, String vers) throws SumDbException {
        if (noSumDb.matches(path)) {
            throw new GoNoSumDbException();
        }
        byte[] data;
        try {
            init();
            String epath = CaseEncoding.escapePath(path);
            String evers = CaseEncoding.escapeVersion(
                    vers.endsWith("/go.mod") ? vers.substring(0, vers.length() - "/go.mod".length()) : vers);
            String remotePath = "/lookup/" + epath + "@" + evers;
            String file = name + remotePath;
            // One fetch per path@version, shared by its "/go.mod" line and by concurrent callers.
            data = records.get(file, () -> fetchRecord(file, remotePath));
        } catch (SumDbSecurityException e) {
            throw e;
        } catch (SumDbException | ModuleRuleException e) {
            throw new SumDbException(path + "@" + vers + ": " + e.getMessage(), e);
        }

        // The lines for exactly this version (with or without /go.mod).
        String prefix = path + " " + vers + " ";
        List<String> lines = new ArrayList<>();
        for (String line : GoStrings.fromUtf8(data).split("\n", -1)) {
            if (line.startsWith(prefix)) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * Reads the verifier key and the remembered latest tree head. Unlike x/mod, whose sync.Once keeps an
     * initialization error forever, a failed initialization is retried by the next lookup: this client may
     * live as long as a server process, and the failure may be a network error while checking the tree.
     */
    private void init() throws SumDbException {
        if (initialized) {
            return;
        }
        synchronized (initLock) {
            if (initialized) {
                return;
            }
            try {
                byte[] vkey = readConfig("key");
                Verifier verifier;
                try {
                    verifier = NoteKeys.newVerifier(trimSpace(new String(vkey, StandardCharsets.UTF_8)));
                } catch (NoteException e) {
                    throw new SumDbException(e.getMessage(), e);
                }
                verifiers = Verifiers.of(verifier);
                name = verifier.name();
                mergeLatest(readConfig(name + "/latest"));
            } catch (SumDbSecurityException e) {
                throw e;
            } catch (SumDbException e) {
                throw new SumDbException("initializing sumdb.Client: " + e.getMessage(), e);
            }
            initialized = true;
        }
    }

    private byte[] fetchRecord(String file, String remotePath) throws SumDbException {
        boolean writeCache = false;
        byte[] data = ops.readCache(file);
        if (data == null) {
            try {
                data = ops.readRemote(remotePath);
            } catch (IOException e) {
                throw new SumDbException(message(e), e);
            }
            writeCache = true;
        }

        // Validate the record before using it for anything.
        Records.Parsed rec;
        try {
            rec = Records.parse(data);
        } catch (TlogException e) {
            throw new SumDbException(e.getMessage(), e);
        }
        mergeLatest(rec.rest());
        checkRecord(rec.id(), rec.text());

        // Only now that it is verified may it go to the persistent cache (unless it came from there).
        if (writeCache) {
            ops.writeCache(file, data);
        }
        return data;
    }

    /**
     * Merges the signed tree head msg into the latest one known, checking they are on one timeline. If the
     * latest moves forward, the configuration file is updated too, merging any concurrent update made there
     * (writeConfig is a compare-and-swap).
     */
    private void mergeLatest(byte[] msg) throws SumDbException {
        if (mergeLatestMem(msg) != MSG_FUTURE) {
            return; // msg is our present or past: nothing new to write
        }
        while (true) {
            byte[] cfg = readConfig(name + "/latest");
            if (mergeLatestMem(cfg) != MSG_PAST) {
                return; // the file is at our present or beyond it, and memory now agrees
            }
            byte[] msgToWrite;
            synchronized (latestLock) {
                msgToWrite = latestMsg;
            }
            try {
                if (ops.writeConfig(name + "/latest", cfg, msgToWrite)) {
                    return;
                }
            } catch (IOException e) {
                throw new SumDbException(message(e), e);
            }
            // Write conflict: someone else updated the file; merge that and try again.
        }
    }

    /**
     * Merges msg into the in-memory latest tree head only, reporting when msg is relative to it: MSG_PAST
     * (older than latest), MSG_NOW (the same) or MSG_FUTURE (newer; latest is now msg).
     */
    private int mergeLatestMem(byte[] msg) throws SumDbException {
        if (msg == null || msg.length == 0) {
            // The unsigned, empty timeline.
            synchronized (latestLock) {
                return latest.n() == 0 ? MSG_NOW : MSG_PAST;
            }
        }
        Note note;
        try {
            note = Note.open(msg, verifiers);
        } catch (NoteException e) {
            throw new SumDbException("reading tree note: " + e.getMessage() + "\nnote:\n" + GoStrings.fromUtf8(msg), e);
        }
        Tree tree;
        try {
            tree = Tree.parse(note.text().getBytes(StandardCharsets.UTF_8));
        } catch (TlogException e) {
            throw new SumDbException("reading tree: " + e.getMessage() + "\ntree:\n" + note.text(), e);
        }

        // Other lookups may be moving latest meanwhile; tiles are fetched without holding the lock,
        // so retry until msg is installed or found to be no news.
        Tree lat;
        byte[] latMsg;
        synchronized (latestLock) {
            lat = latest;
            latMsg = latestMsg;
        }
        while (true) {
            if (tree.n() <= lat.n()) {
                // An older (or the same) head must be on our timeline.
                checkTrees(tree, msg, lat, latMsg);
                return tree.n() < lat.n() ? MSG_PAST : MSG_NOW;
            }
            // A newer head: our timeline must be a prefix of its.
            checkTrees(lat, latMsg, tree, msg);
            synchronized (latestLock) {
                if (latest.equals(lat)) {
                    latest = tree;
                    latestMsg = msg;
                    return MSG_FUTURE;
                }
                lat = latest;
                latMsg = latestMsg;
            }
        }
    }

    /**
     * Checks that the older tree (from olderNote) is a prefix of the newer one, by computing the older tree's
     * hash from the newer tree's tiles. Fetch and data errors are SumDbExceptions; a mismatch is misbehavior,
     * reported with both notes and a consistency proof so the report stands on its own.
     */
    private void checkTrees(Tree older, byte[] olderNote, Tree newer, byte[] newerNote) throws SumDbException {
        TileHashReader thr = new TileHashReader(newer, tileReader);
        Hash h;
        try {
            h = Tlog.treeHash(older.n(), thr);
        } catch (IOException e) {
            forgetUnverifiedTiles(e);
            if (older.n() == newer.n()) {
                throw new SumDbException("checking tree#" + older.n() + ": " + message(e), e);
            }
            throw new SumDbException("checking tree#" + older.n() + " against tree#" + newer.n() + ": " + message(e), e);
        }
        if (h.equals(older.hash())) {
            return;
        }

        String report = misbehaviorReport(olderNote, newerNote, newer, older.n(), h, thr);
        ops.securityError(report);
        throw new SumDbSecurityException(report);
    }

    /**
     * The report of a database caught signing two histories: both signed tree heads, and the proof that the newer
     * tree's hash for the older size is h, not the older tree's hash. It stands on its own as evidence.
     *
     * @param thr reads the newer tree's hashes (the tiles that computed h, so no further requests are needed)
     */
    public static String misbehaviorReport(byte[] olderNote, byte[] newerNote, Tree newer, long olderSize, Hash h, HashReader thr) {
        StringBuilder buf = new StringBuilder();
        buf.append("SECURITY ERROR\n");
        buf.append("go.sum database server misbehavior detected!\n\n");
        buf.append("old database:\n\t").append(indent(olderNote)).append('\n');
        buf.append("new database:\n\t").append(indent(newerNote)).append('\n');
        // The newer tree's hash for olderSize is what contradicts the older tree's; the proof shows that hash is
        // the newer tree's. It reuses the tiles just read, so it needs no further requests.
        buf.append("proof of misbehavior:\n\t").append(h);
        try {
            List<Hash> p = Tlog.proveTree(newer.n(), olderSize, thr);
            try {
                Tlog.checkTree(p, newer.n(), newer.hash(), olderSize, h);
                for (Hash x : p) {
                    buf.append("\n\t").append(x);
                }
            } catch (TlogException e) {
                buf.append("\tinternal error: generated inconsistent proof\n");
            }
        } catch (IOException e) {
            buf.append("\tinternal error: ").append(message(e)).append('\n');
        }
        return buf.toString();
    }

    /** Checks that record id of the latest tree has the given text. */
    private void checkRecord(long id, byte[] text) throws SumDbException {
        Tree lat;
        synchronized (latestLock) {
            lat = latest;
        }
        // (x/mod lets a negative id through to index arithmetic; it can only fail there, so reject it here.)
        if (id < 0 || id >= lat.n()) {
            throw new SumDbException("cannot validate record " + id + " in tree of size " + lat.n());
        }
        List<Hash> hashes;
        try {
            hashes = new TileHashReader(lat, tileReader).readHashes(new long[] {Tlog.storedHashIndex(0, id)});
        } catch (IOException e) {
            forgetUnverifiedTiles(e);
            throw new SumDbException(message(e), e);
        }
        if (!hashes.get(0).equals(Tlog.recordHash(text))) {
            throw new SumDbException("cannot authenticate record data in server response");
        }
    }

    /**
     * After a failed read through tiles, drops from memory the tiles that were fetched but never verified,
     * since one of them may be bad. (x/mod keeps them for the life of its client, which the go command
     * restarts for every run; this client may live as long as a server.)
     */
    private void forgetUnverifiedTiles(IOException cause) {
        tileCache.removeIf(t -> !tileSaved.contains(t));
        ops.log("sumdb: discarded unverified tiles after: " + message(cause));
    }

    private byte[] readConfig(String file) throws SumDbException {
        try {
            byte[] data = ops.readConfig(file);
            return data == null ? new byte[0] : data;
        } catch (IOException e) {
            throw new SumDbException(message(e), e);
        }
    }

    private String tileCacheKey(Tile tile) {
        return name + "/" + tile.path();
    }

    /** Reads one tile from the persistent cache or else the server; see {@link #readTileUncached}. */
    private byte[] readTile(Tile tile) throws IOException {
        return tileCache.get(tile, () -> readTileUncached(tile));
    }

    private byte[] readTileUncached(Tile tile) throws IOException {
        if (tileSaved.size() > MAX_SAVED) {
            tileSaved.clear();
        }
        byte[] data = ops.readCache(tileCacheKey(tile));
        if (data != null) {
            tileSaved.add(tile);
            return data;
        }
        // Only verified tiles are cached, so the prefix of a cached full tile is as good as the partial one.
        Tile full = tile.full();
        if (!tile.equals(full)) {
            data = ops.readCache(tileCacheKey(full));
            if (data != null) {
                tileSaved.add(tile); // no need to save the partial one later
                return Arrays.copyOf(data, data.length / full.w() * tile.w());
            }
        }
        try {
            return ops.readRemote("/" + tile.path());
        } catch (IOException err) {
            // A partial tile the server no longer has should be because the full one exists by now. Its
            // prefix is what was asked for; the full tile itself is not cached here, since only the
            // prefix will be verified.
            if (!tile.equals(full)) {
                try {
                    byte[] fullData = ops.readRemote("/" + full.path());
                    return Arrays.copyOf(fullData, fullData.length / full.w() * tile.w());
                } catch (IOException ignored) {
                    // Report the error for the tile asked for.
                }
            }
            throw err;
        }
    }

    /** The tile reader backing this client's TileHashReaders. */
    private final class ClientTileReader implements TileReader {
        @Override
        public int height() {
            return tileHeight;
        }

        @Override
        public List<byte[]> readTiles(List<Tile> tiles) throws IOException {
            if (tiles.size() == 1) {
                return List.of(readTile(tiles.get(0)));
            }
            // In parallel, as x/mod does: a cold lookup needs several tiles, and round trips dominate.
            try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<byte[]>> futures = new ArrayList<>();
                for (Tile t : tiles) {
                    futures.add(exec.submit(() -> readTile(t)));
                }
                List<byte[]> out = new ArrayList<>();
                for (Future<byte[]> f : futures) {
                    try {
                        out.add(f.get());
                    } catch (ExecutionException e) {
                        Throwable c = e.getCause();
                        if (c instanceof IOException io) {
                            throw io;
                        }
                        if (c instanceof RuntimeException re) {
                            throw re;
                        }
                        if (c instanceof Error err) {
                            throw err;
                        }
                        throw new IOException(c);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading tiles");
                    }
                }
                return out;
            }
        }

        @Override
        public void saveTiles(List<Tile> tiles, List<byte[]> data) {
            for (int i = 0; i < tiles.size(); i++) {
                // Tiles that came from the cache, or were saved before, need no writing.
                if (tileSaved.add(tiles.get(i))) {
                    ops.writeCache(tileCacheKey(tiles.get(i)), data.get(i));
                }
            }
        }
    }

    private static String indent(byte[] note) {
        return GoStrings.fromUtf8(note).replace("\n", "\n\t");
    }

    /** strings.TrimSpace. */
    private static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && GoStrings.isSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && GoStrings.isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
