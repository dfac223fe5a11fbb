package dev.modgate.core.sumdb;

import dev.modgate.core.sumdb.note.Note;
import dev.modgate.core.sumdb.note.NoteException;
import dev.modgate.core.sumdb.note.Signer;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.HashReader;
import dev.modgate.core.sumdb.tlog.Records;
import dev.modgate.core.sumdb.tlog.Tile;
import dev.modgate.core.sumdb.tlog.Tiles;
import dev.modgate.core.sumdb.tlog.Tlog;
import dev.modgate.core.sumdb.tlog.Tree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * x/mod client_test.go's testClient: a self-contained client-side world. It keeps a log (hashes of records
 * added with {@link #addRecord}), publishes lookups and tiles into a "remote" map the client reads, and holds
 * the client's configuration and cache files. As in Go, byte arrays are shared, not copied, between the
 * remote map, the cache and the client, so flipping remote tile bits also corrupts tiles cached from them.
 */
final class ClientEnv implements SumDbClient.Ops, HashReader {
    SumDbClient client;
    int tileHeight = 2;
    String goNoSumDb = "";
    volatile boolean getOK = true;
    volatile boolean getTileOK = true;
    long treeSize;
    final List<Hash> hashes = new ArrayList<>();
    final Map<String, byte[]> remote = new ConcurrentHashMap<>();
    final Signer signer;

    final Map<String, byte[]> config = new HashMap<>(); // guarded by this
    final Map<String, byte[]> cache = new HashMap<>(); // guarded by this
    final List<String> securityReports = new ArrayList<>(); // guarded by this
    final List<String> reads = new ArrayList<>(); // guarded by this
    final List<String> logs = new ArrayList<>(); // guarded by this

    /** newTestClient: the client_test.go records; the configured latest tree has size 1. */
    static ClientEnv standard() throws Exception {
        ClientEnv tc = new ClientEnv(TestLogVectors.signer());
        tc.config.put("key", (TestLogVectors.VERIFIER_KEY + "\n").getBytes(StandardCharsets.UTF_8));
        tc.newClient();
        tc.addRecord("rsc.io/quote@v1.5.2", "rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n"
                + "rsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=\n"
                + "rsc.io/quote v1.5.2 h2:xyzzy\n");
        tc.addRecord("golang.org/x/text@v0.0.0-20170915032832-14c0d48ead0c",
                "golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c h1:qgOY6WgZOaTkIIMiVjBQcw93ERBE4m30iBm00nkL0i8=\n"
                + "golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=\n");
        tc.addRecord("rsc.io/sampler@v1.3.0", "rsc.io/sampler v1.3.0 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=\n"
                + "rsc.io/sampler v1.3.0/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=\n");
        tc.config.put(TestLogVectors.NAME + "/latest", tc.signTree(1));
        tc.addRecord("rsc.io/!quote@v1.5.2", "rsc.io/Quote v1.5.2 h1:uppercase!=\n");
        return tc;
    }

    ClientEnv(Signer signer) {
        this.signer = signer;
    }

    /** A new client: no memory of earlier lookups, but the same configuration and cache. */
    void newClient() {
        client = new SumDbClient(this, tileHeight, goNoSumDb);
    }

    /** A copy sharing nothing mutable with this one (but, as in Go, the byte arrays). */
    ClientEnv fork() {
        ClientEnv tc2 = new ClientEnv(signer);
        tc2.getOK = getOK;
        tc2.getTileOK = getTileOK;
        tc2.tileHeight = tileHeight;
        tc2.treeSize = treeSize;
        tc2.hashes.addAll(hashes);
        synchronized (this) {
            tc2.config.putAll(config);
            tc2.cache.putAll(cache);
        }
        tc2.remote.putAll(remote);
        tc2.newClient();
        return tc2;
    }

    @Override
    public List<Hash> readHashes(long[] indexes) {
        List<Hash> out = new ArrayList<>();
        for (long x : indexes) {
            out.add(hashes.get((int) x));
        }
        return out;
    }

    /** Adds a record under the (!-encoded) key and publishes its lookup answer and the new tiles. */
    void addRecord(String key, String data) throws Exception {
        long id = treeSize++;
        byte[] text = data.getBytes(StandardCharsets.UTF_8);
        byte[] rec = Records.format(id, text);
        hashes.addAll(Tlog.storedHashesForRecordHash(id, Tlog.recordHash(text), this));
        remote.put("/lookup/" + key, concat(rec, signTree(treeSize)));
        for (Tile tile : Tiles.newTiles(tileHeight, id, treeSize)) {
            remote.put("/" + tile.path(), Tiles.readTileData(tile, this));
        }
    }

    byte[] signTree(long size) throws IOException, NoteException {
        Hash h = Tlog.treeHash(size, this);
        return new Note(new String(new Tree(size, h).format(), StandardCharsets.UTF_8)).sign(signer);
    }

    /** Signs a tree head with the given (wrong) hash. */
    byte[] signTree(long size, Hash h) throws NoteException {
        return new Note(new String(new Tree(size, h).format(), StandardCharsets.UTF_8)).sign(signer);
    }

    void flipTileBits() {
        for (Map.Entry<String, byte[]> e : remote.entrySet()) {
            if (e.getKey().contains("/tile/")) {
                byte[] d = e.getValue();
                for (int i = 0; i < d.length; i++) {
                    d[i] ^= (byte) 0x80;
                }
            }
        }
    }

    synchronized String latest() {
        byte[] b = config.get(TestLogVectors.NAME + "/latest");
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    synchronized List<String> takeReads() {
        List<String> out = new ArrayList<>(reads);
        reads.clear();
        out.sort(null);
        return out;
    }

    @Override
    public byte[] readRemote(String path) throws IOException {
        synchronized (this) {
            reads.add(path);
        }
        if (!getOK) {
            throw new IOException("disallowed remote read " + path);
        }
        if (path.contains("/tile/") && !getTileOK) {
            throw new IOException("disallowed remote tile read " + path);
        }
        byte[] data = remote.get(path);
        if (data == null) {
            throw new IOException("no remote path " + path);
        }
        return data;
    }

    @Override
    public synchronized byte[] readConfig(String file) throws IOException {
        byte[] data = config.get(file);
        if (data == null) {
            throw new IOException("no config " + file);
        }
        return data;
    }

    @Override
    public synchronized boolean writeConfig(String file, byte[] old, byte[] updated) {
        if (!Arrays.equals(old, config.getOrDefault(file, new byte[0]))) {
            return false;
        }
        config.put(file, updated);
        return true;
    }

    @Override
    public synchronized byte[] readCache(String file) {
        return cache.get(file);
    }

    @Override
    public synchronized void writeCache(String file, byte[] data) {
        cache.put(file, data);
    }

    @Override
    public synchronized void log(String msg) {
        logs.add(msg);
    }

    @Override
    public synchronized void securityError(String msg) {
        securityReports.add(msg);
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    static Map<String, String> sizes(Map<String, byte[]> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, Integer.toString(v.length)));
        return out;
    }
}
