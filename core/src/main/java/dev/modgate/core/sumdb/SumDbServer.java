package dev.modgate.core.sumdb;

import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModuleRuleException;
import dev.modgate.core.sumdb.note.Note;
import dev.modgate.core.sumdb.note.NoteException;
import dev.modgate.core.sumdb.note.Signer;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.HashReader;
import dev.modgate.core.sumdb.tlog.Records;
import dev.modgate.core.sumdb.tlog.Tile;
import dev.modgate.core.sumdb.tlog.Tiles;
import dev.modgate.core.sumdb.tlog.Tlog;
import dev.modgate.core.sumdb.tlog.TlogException;
import dev.modgate.core.sumdb.tlog.Tree;
import dev.modgate.core.text.GoStrings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The answers of a checksum database server (golang.org/x/mod/sumdb.Server) for a log kept in a {@link Store}:
 * {@code /latest}, {@code /lookup/<path>@<version>} and {@code /tile/...}, byte for byte as x/mod serves them,
 * as {@link Response} values for an HTTP layer to send. It signs tree heads with the given key.
 *
 * <p>Safe for concurrent use if the store is.
 */
public final class SumDbServer {
    /**
     * The log: records with ids 0, 1, ... and the hashes {@link Tlog#storedHashes} gives for each, in stored
     * hash index order. Appending record n means storing its hashes before counting it in {@link #treeSize},
     * so that the tree of every size ever reported can be hashed.
     */
    public interface Store extends HashReader {
        /** The number of records in the log, i.e. the size of the tree to sign. */
        long treeSize() throws IOException;

        /** The texts of records id .. id+n−1 (all existing: the server asks only for records in the tree). */
        List<byte[]> readRecords(long id, int n) throws IOException;

        /**
         * The id of the record for a module version, or empty if the log has none. The id must be below the
         * {@link #treeSize} read after this returns (a store that adds records on lookup, as x/mod's
         * TestServer does, counts them before returning).
         */
        OptionalLong lookup(String path, String version) throws IOException;
    }

    /**
     * An HTTP answer: status, Content-Type and body. (For errors, Go's http.Error also sends
     * {@code X-Content-Type-Options: nosniff}; caching headers are the HTTP layer's choice.)
     */
    public record Response(int status, String contentType, byte[] body) {
        static Response ok(String contentType, byte[] body) {
            return new Response(200, contentType, body);
        }

        /** As Go's http.Error: the text and a newline, as plain text. */
        static Response error(int status, String text) {
            return new Response(status, ERROR_TYPE, (text + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** The body as text, for logs and tests. */
        public String text() {
            return GoStrings.fromUtf8(body);
        }
    }

    /** The paths this server answers (sumdb.ServerPaths): "/lookup/" and "/tile/" are prefixes. */
    public static final List<String> PATHS = List.of("/lookup/", "/latest", "/tile/");

    static final String TEXT_TYPE = "text/plain; charset=UTF-8";
    static final String TILE_TYPE = "application/octet-stream";
    static final String ERROR_TYPE = "text/plain; charset=utf-8";
    /** What x/mod answers when the store has no such module (os.ErrNotExist's text). */
    static final String NOT_EXIST = "file does not exist";

    private static final Pattern MOD_VER =
            Pattern.compile("[^@]+@v[0-9]+\\.[0-9]+\\.[0-9]+(-[^@]*)?(\\+incompatible)?");

    private final Store store;
    private final Signer signer;
    private final int tileHeight;
    /** The last signed tree head; Ed25519 signatures are deterministic, so reusing it changes no bytes. */
    private final AtomicReference<SignedTree> lastSigned = new AtomicReference<>();

    private record SignedTree(long n, byte[] note) {}

    /** A server publishing tiles of height 8, as sum.golang.org does and the go command expects. */
    public SumDbServer(Store store, Signer signer) {
        this(store, signer, SumDbClient.DEFAULT_TILE_HEIGHT);
    }

    /**
     * A server publishing tiles of the given height only. (x/mod's server answers tiles of any height; a
     * fixed one bounds the work a request can cause, since a tile of height h holds up to 2^h hashes.)
     */
    public SumDbServer(Store store, Signer signer, int tileHeight) {
        if (tileHeight <= 0 || tileHeight > 30) {
            throw new IllegalArgumentException("invalid tile height " + tileHeight);
        }
        this.store = store;
        this.signer = signer;
        this.tileHeight = tileHeight;
    }

    /**
     * The answer for a request path relative to the database's base URL, already percent-decoded (as Go's
     * r.URL.Path), e.g. "/latest", "/lookup/github.com/!burnt!sushi/toml@v0.3.1", "/tile/8/0/001.p/44".
     * Never throws: store failures become 500 answers carrying the exception's message, as in x/mod.
     */
    public Response handle(String path) {
        try {
            if (path.startsWith("/lookup/")) {
                return lookup(path.substring("/lookup/".length()));
            }
            if (path.equals("/latest")) {
                return Response.ok(TEXT_TYPE, signedTree());
            }
            if (path.startsWith("/tile/")) {
                return tile(path.substring(1));
            }
            return Response.error(404, "404 page not found");
        } catch (IOException | NoteException | RuntimeException e) {
            return Response.error(500, e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    /** The signed note of the current tree head, as served at /latest and after every lookup record. */
    public byte[] signedTree() throws IOException, NoteException {
        long n = store.treeSize();
        SignedTree last = lastSigned.get();
        if (last != null && last.n() == n) {
            return last.note();
        }
        Hash h = Tlog.treeHash(n, store);
        byte[] note = new Note(new String(new Tree(n, h).format(), StandardCharsets.UTF_8)).sign(signer);
        lastSigned.set(new SignedTree(n, note));
        return note;
    }

    private Response lookup(String mod) throws IOException, NoteException {
        if (!MOD_VER.matcher(mod).matches()) {
            return Response.error(400, "invalid module@version syntax");
        }
        int at = mod.indexOf('@');
        String path;
        String version;
        try {
            path = CaseEncoding.unescapePath(mod.substring(0, at));
            version = CaseEncoding.unescapeVersion(mod.substring(at + 1));
        } catch (ModuleRuleException e) {
            // x/mod answers 500 here; it is the request that is bad, so 400 (with x/mod's text).
            return Response.error(400, e.getMessage());
        }
        OptionalLong id = store.lookup(path, version);
        if (id.isEmpty()) {
            return Response.error(404, NOT_EXIST);
        }
        List<byte[]> recs = store.readRecords(id.getAsLong(), 1);
        if (recs.size() != 1) {
            return Response.error(500, "invalid record count returned by ReadRecords");
        }
        byte[] msg;
        try {
            msg = Records.format(id.getAsLong(), recs.get(0));
        } catch (TlogException e) {
            return Response.error(500, e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(msg);
        out.writeBytes(signedTree());
        return Response.ok(TEXT_TYPE, out.toByteArray());
    }

    private Response tile(String tilePath) throws IOException {
        Tile t;
        try {
            t = Tile.parse(tilePath);
        } catch (TlogException e) {
            return Response.error(400, "invalid tile syntax");
        }
        if (t.h() != tileHeight || !inTree(t, store.treeSize())) {
            // (x/mod's TestServer would fail reading hashes it does not have; a missing tile is a 404.)
            return Response.error(404, NOT_EXIST);
        }
        if (t.l() == Tile.DATA_LEVEL) {
            long start = t.n() << t.h();
            List<byte[]> recs = store.readRecords(start, t.w());
            if (recs.size() != t.w()) {
                return Response.error(500, "invalid record count returned by ReadRecords");
            }
            try {
                return Response.ok(TEXT_TYPE, Records.formatDataTile(recs));
            } catch (TlogException e) {
                return Response.error(500, e.getMessage());
            }
        }
        return Response.ok(TILE_TYPE, Tiles.readTileData(t, store));
    }

    /** Whether the tree of the given size has all of tile t's hashes (or records, for a data tile). */
    static boolean inTree(Tile t, long treeSize) {
        int shift = t.l() == Tile.DATA_LEVEL ? 0 : t.l() * t.h();
        long count = shift >= 63 ? 0 : treeSize >> shift; // hashes at the tile's level
        long first = t.n() << t.h();
        return t.n() < (1L << (62 - t.h())) && first + t.w() <= count;
    }
}
