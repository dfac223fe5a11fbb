package dev.modgate.testing;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.sumdb.SumDbServer;
import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.core.sumdb.note.Signer;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.Tlog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A checksum database the tests run themselves, standing in for sum.golang.org: the core SumDbServer over an
 * in-memory log, signed with a test key, on a loopback HTTP port. It can be made to fork (serve another history
 * under the same key) or fail, and records every request.
 */
public final class TestSumDb implements AutoCloseable {
    private final String name;
    private final NoteKeys.KeyPair keys;
    private final Signer signer;
    private final Server server;
    private final ServerConnector connector;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger forcedStatus = new AtomicInteger();
    private volatile MemoryLog log = new MemoryLog();
    private volatile SumDbServer sumdb;

    public TestSumDb(String name) throws Exception {
        this.name = name;
        this.keys = NoteKeys.generateKey(name);
        this.signer = NoteKeys.newSigner(keys.signerKey());
        this.sumdb = new SumDbServer(log, signer);
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getDecodedPath();
                requests.add(path);
                int forced = forcedStatus.get();
                SumDbServer.Response r = forced != 0
                        ? new SumDbServer.Response(forced, "text/plain; charset=utf-8", "forced failure\n".getBytes(StandardCharsets.UTF_8))
                        : sumdb.handle(path);
                response.setStatus(r.status());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, r.body().length);
                response.write(true, ByteBuffer.wrap(r.body()), callback);
                return true;
            }
        });
        server.start();
    }

    public String name() { return name; }

    /** The verifier key, as in GOSUMDB. */
    public String key() { return keys.verifierKey(); }

    public String url() { return "http://127.0.0.1:" + connector.getLocalPort(); }

    /** GOSUMDB / --sumdb value naming this database and where it is. */
    public String gosumdb() { return key() + " " + url(); }

    /** Logs a module version's sums, as sum.golang.org would after fetching it. */
    public void add(String path, String version, String zipH1, String modH1) throws IOException {
        log.add(path, version, (path + " " + version + " " + zipH1 + "\n" + path + " " + version + "/go.mod " + modH1 + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Logs the versions in a GOPROXY tree, with the sums of the files there now. */
    public void addFromTree(Path root, List<ModuleVersion> versions) throws IOException {
        for (ModuleVersion mv : versions) {
            Path dir = GoproxyTree.moduleDir(root, mv.path()).resolve("@v");
            String ev = dev.modgate.core.module.CaseEncoding.escapeVersion(mv.version());
            add(mv.path(), mv.version(), DirHash.hashZip(dir.resolve(ev + ".zip")),
                    DirHash.hashGoMod(Files.readAllBytes(dir.resolve(ev + ".mod"))));
        }
    }

    public long size() { return log.treeSize(); }

    /**
     * From now on serves another history under the same key: the first {@code keep} records of the current log,
     * then the given ones. Clients that saw a larger tree must detect the fork (or rollback).
     */
    public void fork(int keep, List<String[]> records) throws IOException {
        MemoryLog forked = new MemoryLog();
        for (int i = 0; i < keep; i++) forked.copy(log, i);
        for (String[] r : records) {
            forked.add(r[0], r[1], (r[0] + " " + r[1] + " " + r[2] + "\n" + r[0] + " " + r[1] + "/go.mod " + r[3] + "\n").getBytes(StandardCharsets.UTF_8));
        }
        log = forked;
        sumdb = new SumDbServer(forked, signer);
    }

    /** The records from index i on, each as {path, version, zip h1, go.mod h1}: material for {@link #fork}. */
    public List<String[]> recordsFrom(int i) {
        List<String[]> out = new ArrayList<>();
        MemoryLog l = log;
        for (byte[] rec : l.readRecords(i, (int) l.treeSize() - i)) {
            String[] lines = new String(rec, StandardCharsets.UTF_8).split("\n");
            String[] a = lines[0].split(" "), b = lines[1].split(" ");
            out.add(new String[] {a[0], a[1], a[2], b[2]});
        }
        return out;
    }

    /** Every request path so far. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public long requestsStartingWith(String prefix) {
        return requests().stream().filter(p -> p.startsWith(prefix)).count();
    }

    /** Every request answers this status from now on (0 = serve normally). */
    public void failWith(int status) { forcedStatus.set(status); }

    @Override public void close() throws Exception { server.stop(); }

    /** An in-memory log, as x/mod's test server keeps one. */
    static final class MemoryLog implements SumDbServer.Store {
        private final List<byte[]> records = new ArrayList<>();
        private final List<String> keys = new ArrayList<>();
        private final List<Hash> hashes = new ArrayList<>();
        private final Map<String, Long> index = new HashMap<>();

        synchronized void add(String path, String version, byte[] text) throws IOException {
            long id = records.size();
            hashes.addAll(Tlog.storedHashes(id, text, this::readLocked));
            records.add(text);
            keys.add(path + "@" + version);
            index.putIfAbsent(path + "@" + version, id);
        }

        synchronized void copy(MemoryLog from, int i) throws IOException {
            String[] pv = from.keys.get(i).split("@", 2);
            add(pv[0], pv[1], from.records.get(i));
        }

        private List<Hash> readLocked(long[] indexes) {
            List<Hash> out = new ArrayList<>();
            for (long x : indexes) out.add(hashes.get((int) x));
            return out;
        }

        @Override public synchronized List<Hash> readHashes(long[] indexes) { return readLocked(indexes); }

        @Override public synchronized long treeSize() { return records.size(); }

        @Override public synchronized List<byte[]> readRecords(long id, int n) {
            return List.copyOf(records.subList((int) id, (int) id + n));
        }

        @Override public synchronized OptionalLong lookup(String path, String version) {
            Long id = index.get(path + "@" + version);
            return id == null ? OptionalLong.empty() : OptionalLong.of(id);
        }
    }
}
