package dev.modgate.core.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.core.sumdb.tlog.Tlog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SumDbClient against SumDbServer: the reference client's transcript on the testlog, gosumcheck, concurrency,
 * shared configuration, forks, and the places where this client deliberately differs from x/mod's.
 */
class ClientTest {
    private static final Pattern LOOKUP = Pattern.compile("Lookup\\(\"(.*?)\", \"(.*?)\"\\) = \\[(.*)\\] err=<nil>");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern CACHE_FILE = Pattern.compile(" {4}(\\S+) \\((\\d+) bytes\\)");
    private static final Pattern CONFIG_FILE = Pattern.compile(" {4}(\\S+) = (\".*\")");

    /**
     * testlog/client_transcript.txt: a fresh x/mod client's lookups on the 300-record log, the requests each
     * made (the first in order; the rest, fetched in parallel, sorted), and the cache and config files after.
     */
    @Test
    void freshClientTranscript() throws Exception {
        ServerOps ops = new ServerOps(new SumDbServer(TestLogVectors.log(), TestLogVectors.signer()));
        SumDbClient client = new SumDbClient(ops);
        List<String> lines = List.of(TestLogVectors.text("client_transcript.txt").split("\n"));
        int lookups = 0;
        Map<String, String> wantCache = new HashMap<>();
        Map<String, String> wantConfig = new HashMap<>();
        String section = "";
        List<String> wantRequests = null;
        for (String line : lines) {
            Matcher m = LOOKUP.matcher(line);
            if (m.matches()) {
                checkRequests(ops, wantRequests);
                wantRequests = new ArrayList<>();
                lookups++;
                List<String> want = new ArrayList<>();
                Matcher q = QUOTED.matcher(m.group(3));
                while (q.find()) {
                    want.add(unquote(q.group(1)));
                }
                assertThat(client.lookup(m.group(1), m.group(2))).as(line).isEqualTo(want);
                section = "lookup";
            } else if (line.startsWith("  remote requests")) {
                assertThat(section).isEqualTo("lookup");
            } else if (line.startsWith("    GET ")) {
                wantRequests.add(line.substring("    GET ".length()));
            } else if (line.startsWith("client cache files written")) {
                section = "cache";
            } else if (line.startsWith("client config files")) {
                section = "config";
            } else if (section.equals("cache") && CACHE_FILE.matcher(line).matches()) {
                Matcher c = CACHE_FILE.matcher(line);
                c.matches();
                wantCache.put(c.group(1), c.group(2));
            } else if (section.equals("config") && CONFIG_FILE.matcher(line).matches()) {
                Matcher c = CONFIG_FILE.matcher(line);
                c.matches();
                wantConfig.put(c.group(1), unquote(c.group(2).substring(1, c.group(2).length() - 1)));
            } else {
                throw new IllegalStateException("unexpected transcript line: " + line);
            }
        }
        checkRequests(ops, wantRequests);
        assertThat(lookups).isEqualTo(4);
        synchronized (ops) {
            assertThat(ClientEnv.sizes(ops.cache)).isEqualTo(wantCache);
            Map<String, String> config = new HashMap<>();
            ops.config.forEach((k, v) -> {
                if (!k.equals("key")) {
                    config.put(k, new String(v, StandardCharsets.UTF_8));
                }
            });
            assertThat(config).isEqualTo(wantConfig);
        }
        assertThat(ops.latest()).isEqualTo(TestLogVectors.text("latest"));
    }

    private static void checkRequests(ServerOps ops, List<String> want) {
        List<String> got = ops.takeRequests();
        if (want == null) {
            assertThat(got).isEmpty();
            return;
        }
        assertThat(got).hasSameSizeAs(want);
        if (!want.isEmpty()) {
            assertThat(got.get(0)).isEqualTo(want.get(0));
            assertThat(got.subList(1, got.size()).stream().sorted().toList()).isEqualTo(want.subList(1, want.size()));
        }
    }

    /** Go's strconv.Unquote for the escapes the transcript uses. */
    private static String unquote(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case '"', '\\' -> out.append(e);
                default -> throw new IllegalArgumentException("unsupported escape \\" + e);
            }
        }
        return out.toString();
    }

    /**
     * golang.org/x/mod/gosumcheck's checkGoSum on vectors/sumdb/gosumcheck_test.sum, against a log of
     * client_test.go's records, from an empty remembered tree: every line checks except the deliberately
     * wrong rsc.io/text one, which the database does not have.
     */
    @Test
    void goSumCheck() throws Exception {
        MemoryLog log = new MemoryLog();
        log.add("rsc.io/quote", "v1.5.2", b("rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n"
                + "rsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=\n"));
        log.add("golang.org/x/text", "v0.0.0-20170915032832-14c0d48ead0c", b(
                "golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c h1:qgOY6WgZOaTkIIMiVjBQcw93ERBE4m30iBm00nkL0i8=\n"
                + "golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=\n"));
        log.add("rsc.io/sampler", "v1.3.0", b("rsc.io/sampler v1.3.0 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=\n"
                + "rsc.io/sampler v1.3.0/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=\n"));
        SumDbClient client = new SumDbClient(new ServerOps(new SumDbServer(log, TestLogVectors.signer())));

        String sum = new String(getClass().getResourceAsStream("/vectors/sumdb/gosumcheck_test.sum").readAllBytes(),
                StandardCharsets.UTF_8);
        List<String> report = checkGoSum(client, "test.sum", sum);
        assertThat(report).containsExactly("test.sum:5: rsc.io/text@v1.5.2: GET " + ServerOps.BASE
                + "/lookup/rsc.io/text@v1.5.2: 404 Not Found");
    }

    /** gosumcheck's checkGoSum: one report line per go.sum line the database does not confirm. */
    private static List<String> checkGoSum(SumDbClient client, String name, String data) throws Exception {
        String[] lines = data.split("\n", -1);
        assertThat(lines[lines.length - 1]).as("final newline").isEmpty();
        String[] errs = new String[lines.length - 1];
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < errs.length; i++) {
                int n = i;
                fs.add(exec.submit(() -> {
                    String line = lines[n];
                    String[] f = line.trim().split("\\s+");
                    if (f.length != 3) {
                        errs[n] = "invalid number of fields";
                        return;
                    }
                    List<String> dbLines;
                    try {
                        dbLines = client.lookup(f[0], f[1]);
                    } catch (GoNoSumDbException e) {
                        errs[n] = f[0] + "@" + f[1] + ": " + e.getMessage();
                        return;
                    } catch (SumDbException e) {
                        errs[n] = e.getMessage();
                        return;
                    }
                    String algPrefix = f[0] + " " + f[1] + " " + f[2].substring(0, f[2].indexOf(':') + 1);
                    for (String dbLine : dbLines) {
                        if (dbLine.equals(line)) {
                            return;
                        }
                        if (dbLine.startsWith(algPrefix)) {
                            errs[n] = f[0] + "@" + f[1] + " hash mismatch: have " + line + ", want " + dbLine;
                            return;
                        }
                    }
                    errs[n] = f[0] + "@" + f[1] + " hash algorithm mismatch: have " + line + ", want one of:\n\t"
                            + String.join("\n\t", dbLines);
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < errs.length; i++) {
            if (errs[i] != null) {
                out.add(name + ":" + (i + 1) + ": " + errs[i]);
            }
        }
        return out;
    }

    /** Many lookups at once on one client: all verify, and no path is requested twice. */
    @Test
    void concurrentLookups() throws Exception {
        ServerOps ops = new ServerOps(new SumDbServer(TestLogVectors.log(), TestLogVectors.signer()));
        SumDbClient client = new SumDbClient(ops);
        List<TestLogVectors.Entry> entries = TestLogVectors.entries();
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<String>>> fs = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (TestLogVectors.Entry e : entries) {
                    fs.add(exec.submit(() -> client.lookup(e.path(), e.version() + "/go.mod")));
                }
            }
            for (int i = 0; i < fs.size(); i++) {
                TestLogVectors.Entry e = entries.get(i % entries.size());
                assertThat(fs.get(i).get()).hasSize(1).first().asString()
                        .startsWith(e.path() + " " + e.version() + "/go.mod h1:");
            }
        }
        List<String> requests = ops.takeRequests();
        assertThat(requests).doesNotHaveDuplicates();
        assertThat(requests.stream().filter(r -> r.startsWith("/lookup/"))).hasSize(300);
        assertThat(requests.stream().filter(r -> r.startsWith("/tile/")))
                .containsExactlyInAnyOrder("/tile/8/0/000", "/tile/8/0/001.p/44", "/tile/8/1/000.p/1");
        assertThat(ops.latest()).isEqualTo(TestLogVectors.text("latest"));
    }

    /**
     * Clients sharing one configuration move "latest" forward only, merging through writeConfig's
     * compare-and-swap: a client that remembers an older tree adopts the newer one another client wrote.
     */
    @Test
    void sharedConfigurationMovesForward() throws Exception {
        MemoryLog full = TestLogVectors.log();
        List<TestLogVectors.Entry> entries = TestLogVectors.entries();
        MemoryLog log = new MemoryLog();
        for (int i = 0; i < 100; i++) {
            log.add(entries.get(i).path(), entries.get(i).version(), full.readRecords(i, 1).get(0));
        }
        SumDbServer server = new SumDbServer(log, TestLogVectors.signer());
        ServerOps ops = new ServerOps(server);
        SumDbClient old = new SumDbClient(ops);
        assertThat(old.lookup("github.com/google/uuid", "v1.6.0")).hasSize(1);
        assertThat(ops.latest()).contains("\n100\n");

        for (int i = 100; i < 300; i++) {
            log.add(entries.get(i).path(), entries.get(i).version(), full.readRecords(i, 1).get(0));
        }
        SumDbClient fresh = new SumDbClient(ops);
        assertThat(fresh.lookup("example.com/filler200", "v1.0.0/go.mod")).hasSize(1);
        assertThat(ops.latest()).isEqualTo(TestLogVectors.text("latest"));

        // The old client, still at tree 100 in memory, sees tree 300 and checks that it extends 100; the
        // file, already at 300, is left alone.
        AtomicInteger writes = new AtomicInteger();
        ServerOps counting = new ServerOps(server) {
            @Override
            public synchronized boolean writeConfig(String file, byte[] o, byte[] u) {
                writes.incrementAndGet();
                return ops.writeConfig(file, o, u);
            }

            @Override
            public synchronized byte[] readConfig(String file) throws IOException {
                return ops.readConfig(file);
            }
        };
        assertThat(new SumDbClient(counting).lookup("example.com/filler000", "v1.0.0/go.mod")).hasSize(1);
        assertThat(old.lookup("example.com/filler293", "v1.0.0/go.mod")).hasSize(1);
        assertThat(ops.latest()).isEqualTo(TestLogVectors.text("latest"));
        assertThat(writes.get()).isZero();

        // A new client whose file remembers 100 catches up to 300 and writes it.
        ServerOps at100 = new ServerOps(new SumDbServer(prefix(full, entries, 100), TestLogVectors.signer()));
        new SumDbClient(at100).lookup("github.com/google/uuid", "v1.6.0");
        at100.server = server;
        assertThat(at100.latest()).contains("\n100\n");
        new SumDbClient(at100).lookup("example.com/filler100", "v1.0.0/go.mod");
        assertThat(at100.latest()).isEqualTo(TestLogVectors.text("latest"));
    }

    private static MemoryLog prefix(MemoryLog full, List<TestLogVectors.Entry> entries, int n) throws IOException {
        MemoryLog log = new MemoryLog();
        for (int i = 0; i < n; i++) {
            log.add(entries.get(i).path(), entries.get(i).version(), full.readRecords(i, 1).get(0));
        }
        return log;
    }

    /** A write conflict makes the client re-read and merge the file, then write again. */
    @Test
    void writeConflictIsMerged() throws Exception {
        ServerOps ops = new ServerOps(new SumDbServer(TestLogVectors.log(), TestLogVectors.signer()));
        AtomicInteger conflicts = new AtomicInteger(1);
        List<String> attempts = new ArrayList<>();
        ServerOps racing = new ServerOps(ops.server) {
            @Override
            public synchronized boolean writeConfig(String file, byte[] o, byte[] u) {
                attempts.add(new String(o, StandardCharsets.UTF_8));
                if (conflicts.getAndDecrement() > 0) {
                    // Someone else wrote the empty tree's file meanwhile: nothing newer, so merge and retry.
                    config.put(file, new byte[0]);
                    return false;
                }
                return super.writeConfig(file, o, u);
            }
        };
        SumDbClient client = new SumDbClient(racing);
        assertThat(client.lookup("golang.org/x/text", "v0.3.2")).hasSize(1);
        assertThat(attempts).hasSize(2);
        assertThat(racing.latest()).isEqualTo(TestLogVectors.text("latest"));
    }

    /** A server that rewrites history (same size, different record) is caught against the remembered tree. */
    @Test
    void forkedHistoryIsASecurityError() throws Exception {
        MemoryLog full = TestLogVectors.log();
        ServerOps ops = new ServerOps(new SumDbServer(full, TestLogVectors.signer()));
        SumDbClient client = new SumDbClient(ops);
        client.lookup("github.com/google/uuid", "v1.6.0");

        // The evil twin: records 0..298 the same, record 299 replaced.
        MemoryLog twin = new MemoryLog();
        List<TestLogVectors.Entry> entries = TestLogVectors.entries();
        for (int i = 0; i < 299; i++) {
            twin.add(entries.get(i).path(), entries.get(i).version(), full.readRecords(i, 1).get(0));
        }
        twin.add("example.com/filler293", "v1.0.0", b("example.com/filler293 v1.0.0/go.mod h1:evil=\n"));
        ops.server = new SumDbServer(twin, TestLogVectors.signer());

        SumDbClient later = new SumDbClient(ops); // a new process, same configuration
        assertThatThrownBy(() -> later.lookup("example.com/filler293", "v1.0.0/go.mod"))
                .isInstanceOf(SumDbSecurityException.class)
                .hasMessageStartingWith("SECURITY ERROR\ngo.sum database server misbehavior detected!\n\n"
                        + "old database:\n\tgo.sum database tree\n\t300\n\t" + Tlog.treeHash(300, twin) + "\n")
                .hasMessageContaining("new database:\n\tgo.sum database tree\n\t300\n\t1MaKEu88nN60xO9pFRWcvIlHVU+k3EmP9ltvfUeQprE=\n")
                .satisfies(e -> assertThat(ops.securityReports).containsExactly(e.getMessage()));
        // The remembered tree is untouched.
        assertThat(ops.latest()).isEqualTo(TestLogVectors.text("latest"));
    }

    /** An older tree head from another history is a fork too, proven with the newer tree's tiles. */
    @Test
    void olderForkedTreeIsASecurityError() throws Exception {
        MemoryLog full = TestLogVectors.log();
        ServerOps ops = new ServerOps(new SumDbServer(full, TestLogVectors.signer()));
        SumDbClient client = new SumDbClient(ops);
        client.lookup("github.com/google/uuid", "v1.6.0");

        MemoryLog other = new MemoryLog();
        for (int i = 0; i < 10; i++) {
            other.add(name(i), "v1.0.0", b(name(i) + " v1.0.0/go.mod h1:other=\n"));
        }
        SumDbServer otherServer = new SumDbServer(other, TestLogVectors.signer());
        ops.server = otherServer;
        assertThatThrownBy(() -> client.lookup(name(3), "v1.0.0/go.mod"))
                .isInstanceOf(SumDbSecurityException.class)
                .hasMessageContaining("old database:\n\tgo.sum database tree\n\t10\n")
                .hasMessageContaining("new database:\n\tgo.sum database tree\n\t300\n")
                .hasMessageContaining("proof of misbehavior:\n\t" + Tlog.treeHash(10, full) + "\n\t");
    }

    /** Deviation: a failed initialization is retried by the next lookup (x/mod keeps the error forever). */
    @Test
    void initializationIsRetried() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        ServerOps ops = new ServerOps(new SumDbServer(TestLogVectors.log(), TestLogVectors.signer())) {
            @Override
            public synchronized byte[] readConfig(String file) throws IOException {
                if (file.equals("key") && failures.getAndDecrement() > 0) {
                    throw new IOException("no config key");
                }
                return super.readConfig(file);
            }
        };
        SumDbClient client = new SumDbClient(ops);
        assertThatThrownBy(() -> client.lookup("golang.org/x/text", "v0.3.2"))
                .hasMessage("golang.org/x/text@v0.3.2: initializing sumdb.Client: no config key");
        assertThat(client.lookup("golang.org/x/text", "v0.3.2")).hasSize(1);

        ops.config.put("key", b("not a key"));
        assertThatThrownBy(() -> new SumDbClient(ops).lookup("golang.org/x/text", "v0.3.2"))
                .hasMessage("golang.org/x/text@v0.3.2: initializing sumdb.Client: malformed verifier id");
    }

    /**
     * Deviation: after a bad tile, this client forgets unverified tiles and fetches them again, so a transient
     * corruption does not poison a long-lived client (x/mod's keeps the bad tile for its lifetime).
     */
    @Test
    void recoversFromATransientBadTile() throws Exception {
        ServerOps ops = new ServerOps(new SumDbServer(TestLogVectors.log(), TestLogVectors.signer())) {
            final AtomicInteger corrupt = new AtomicInteger(1);

            @Override
            public byte[] readRemote(String path) throws IOException {
                byte[] data = super.readRemote(path);
                if (path.equals("/tile/8/0/000") && corrupt.getAndDecrement() > 0) {
                    data = data.clone();
                    data[40] ^= 1;
                }
                return data;
            }
        };
        SumDbClient client = new SumDbClient(ops);
        assertThatThrownBy(() -> client.lookup("github.com/google/uuid", "v1.6.0"))
                .hasMessage("github.com/google/uuid@v1.6.0: downloaded inconsistent tile");
        assertThat(ops.logs).containsExactly("sumdb: discarded unverified tiles after: downloaded inconsistent tile");
        synchronized (ops) {
            assertThat(ops.cache.keySet()).noneMatch(k -> k.contains("/tile/"));
        }
        ops.takeRequests();
        assertThat(client.lookup("github.com/google/uuid", "v1.6.0")).hasSize(1);
        assertThat(ops.takeRequests()).contains("/tile/8/0/000");
    }

    /**
     * A partial tile the server no longer serves (its full tile exists by now) is read as the prefix of the full
     * tile, and a cached full tile serves any partial one without a request.
     */
    @Test
    void partialTileFallsBackToFullTile() throws Exception {
        // The log has grown to 512 records, but the client's tree (and the lookup it has cached) is 300.
        MemoryLog full = TestLogVectors.log();
        for (int i = 300; i < 512; i++) {
            full.add("example.com/more" + i, "v1.0.0", b("example.com/more" + i + " v1.0.0/go.mod h1:x=\n"));
        }
        SumDbServer server = new SumDbServer(full, TestLogVectors.signer());
        ServerOps ops = new ServerOps(server);
        ops.gone = p -> p.equals("/tile/8/0/001.p/44");
        ops.config.put(TestLogVectors.NAME + "/latest", TestLogVectors.read("latest"));
        ops.cache.put(TestLogVectors.NAME + "/lookup/github.com/google/uuid@v1.6.0",
                TestLogVectors.read("lookup/github.com/google/uuid@v1.6.0"));

        SumDbClient client = new SumDbClient(ops);
        assertThat(client.lookup("github.com/google/uuid", "v1.6.0")).hasSize(1);
        assertThat(ops.takeRequests().stream().sorted().toList()).containsExactly(
                "/tile/8/0/000", "/tile/8/0/001", "/tile/8/0/001.p/44", "/tile/8/1/000.p/1");
        synchronized (ops) {
            // Saved under the partial name, with exactly the verified prefix; the full tile is not saved.
            assertThat(ops.cache.get(TestLogVectors.NAME + "/tile/8/0/001.p/44"))
                    .isEqualTo(TestLogVectors.read("tile/8/0/001.p/44"));
            assertThat(ops.cache).doesNotContainKey(TestLogVectors.NAME + "/tile/8/0/001");

            // Next process: the full tile is cached instead of the partial one; it is cut, with no request.
            ops.cache.remove(TestLogVectors.NAME + "/tile/8/0/001.p/44");
            ops.cache.put(TestLogVectors.NAME + "/tile/8/0/001", server.handle("/tile/8/0/001").body());
        }
        assertThat(new SumDbClient(ops).lookup("github.com/google/uuid", "v1.6.0")).hasSize(1);
        assertThat(ops.takeRequests()).isEmpty();
    }

    /** Records whose id is outside the tree, or negative, cannot be validated. */
    @Test
    void recordOutsideTree() throws Exception {
        ServerOps ops = new ServerOps(new SumDbServer(TestLogVectors.log(), TestLogVectors.signer()));
        byte[] latest = TestLogVectors.read("latest");
        for (String id : List.of("300", "-1")) {
            ops.cache.put(TestLogVectors.NAME + "/lookup/example.com/x@v1.0.0",
                    ClientEnv.concat(b(id + "\nexample.com/x v1.0.0 h1:x=\n\n"), latest));
            assertThatThrownBy(() -> new SumDbClient(ops).lookup("example.com/x", "v1.0.0"))
                    .hasMessage("example.com/x@v1.0.0: cannot validate record " + id + " in tree of size 300");
        }
    }

    @Test
    void tileHeightMustBeValid() {
        ServerOps ops = new ServerOps(null);
        assertThatThrownBy(() -> new SumDbClient(ops, 0, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SumDbClient(ops, 31, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SumDbServer(new MemoryLog(), TestLogVectors.signer(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String name(long i) {
        return "example.com/m" + i;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
