package dev.modgate.core.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.Tile;
import dev.modgate.core.sumdb.tlog.Tiles;
import dev.modgate.core.sumdb.tlog.Tlog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** SumDbServer reproduces vectors/sumdb/testlog byte for byte: signed tree, lookups, tiles, errors. */
class SumDbServerTest {
    static MemoryLog log;
    static SumDbServer server;

    @BeforeAll
    static void load() throws IOException {
        log = TestLogVectors.log();
        server = new SumDbServer(log, TestLogVectors.signer());
    }

    @Test
    void latest() {
        SumDbServer.Response r = server.handle("/latest");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(r.body()).isEqualTo(TestLogVectors.read("latest"));
        // Served again from the cached signature: the same bytes.
        assertThat(server.handle("/latest").body()).isEqualTo(r.body());
    }

    @Test
    void treeSummary() throws Exception {
        List<String> lines = List.of(TestLogVectors.text("tree.txt").split("\n"));
        assertThat(lines.get(0)).isEqualTo("tree size N=" + log.treeSize());
        assertThat(lines.get(1)).isEqualTo("root hash=" + Tlog.treeHash(300, log));
        for (String line : lines) {
            Matcher m = Pattern.compile("tile (\\S+) \\((\\d+) bytes(, HTTP 200)?\\)").matcher(line);
            if (m.matches()) {
                SumDbServer.Response r = server.handle("/" + m.group(1));
                assertThat(r.status()).as(line).isEqualTo(200);
                assertThat(r.body()).as(line).hasSize(Integer.parseInt(m.group(2)));
            }
        }
        assertThat(lines).contains("TileForIndex(8, StoredHashIndex(0, 299)) = "
                + Tiles.forIndex(8, Tlog.storedHashIndex(0, 299)).path());
        assertThat(lines.stream().filter(l -> l.startsWith("tile "))).hasSize(7);
    }

    /** Every file under testlog/lookup and testlog/tile is what the server answers for its path. */
    @TestFactory
    Stream<DynamicTest> filesAreServedByteForByte() throws IOException {
        Path dir = TestLogVectors.dir();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> p.startsWith(dir.resolve("lookup")) || p.startsWith(dir.resolve("tile")))
                    .sorted().toList();
        }
        assertThat(files).hasSize(13);
        return files.stream().map(p -> {
            String path = "/" + dir.relativize(p).toString().replace('\\', '/');
            return dynamicTest(path, () -> {
                SumDbServer.Response r = server.handle(path);
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(Files.readAllBytes(p));
                boolean hashTile = path.startsWith("/tile/") && !path.contains("/data/");
                assertThat(r.contentType()).isEqualTo(hashTile ? "application/octet-stream" : "text/plain; charset=UTF-8");
            });
        });
    }

    /** The tiles a client of the 300-record tree fetches, and the lookups of every record. */
    @Test
    void everyTileAndRecordOfTheTree() throws Exception {
        for (Tile t : Tiles.newTiles(8, 0, 300)) {
            SumDbServer.Response r = server.handle("/" + t.path());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(Tiles.readTileData(t, log));
        }
        byte[] latest = TestLogVectors.read("latest");
        for (TestLogVectors.Entry e : TestLogVectors.entries()) {
            String path = "/lookup/" + dev.modgate.core.module.CaseEncoding.escapePath(e.path()) + "@"
                    + dev.modgate.core.module.CaseEncoding.escapeVersion(e.version());
            SumDbServer.Response r = server.handle(path);
            assertThat(r.status()).isEqualTo(200);
            String body = r.text();
            assertThat(body).startsWith(e.id() + "\n" + e.path() + " " + e.version())
                    .endsWith("\n\n" + new String(latest, StandardCharsets.UTF_8));
        }
    }

    /** error_responses.txt: {@code GET <path> -> HTTP <status> body "<Go-quoted body>"}. */
    @Test
    void errorResponses() {
        Pattern line = Pattern.compile("GET (\\S+) -> HTTP (\\d+) body \"(.*)\"");
        List<String> lines = List.of(TestLogVectors.text("error_responses.txt").split("\n"));
        assertThat(lines).hasSize(4);
        for (String l : lines) {
            Matcher m = line.matcher(l);
            assertThat(m.matches()).as(l).isTrue();
            SumDbServer.Response r = server.handle(m.group(1));
            assertThat(r.status()).as(l).isEqualTo(Integer.parseInt(m.group(2)));
            assertThat(r.text()).as(l).isEqualTo(m.group(3).replace("\\n", "\n").replace("\\\"", "\""));
            assertThat(r.contentType()).isEqualTo("text/plain; charset=utf-8");
        }
    }

    @Test
    void moreErrors() {
        // Tiles the tree does not have yet, or of another height.
        for (String path : List.of("/tile/8/0/001", "/tile/8/0/001.p/45", "/tile/8/1/000.p/2", "/tile/8/2/000.p/1",
                "/tile/8/data/001", "/tile/8/data/001.p/45", "/tile/8/0/002.p/1", "/tile/4/0/000",
                "/tile/8/0/x999/x999/x999/x999/x999/999")) {
            SumDbServer.Response r = server.handle(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.text()).isEqualTo("file does not exist\n");
        }
        // Malformed lookups.
        for (String path : List.of("/lookup/github.com/google/uuid", "/lookup/github.com/google/uuid@v1.6",
                "/lookup/a@b@v1.0.0", "/lookup/github.com/google/uuid@v1.6.0\n", "/lookup/x@v1.0.0+meta")) {
            assertThat(server.handle(path).text()).as(path).isEqualTo("invalid module@version syntax\n");
        }
        // Syntactically fine, but not a valid escaped path: x/mod answers 500 with this text, modgate 400.
        SumDbServer.Response r = server.handle("/lookup/github.com/Google/uuid@v1.6.0");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("invalid escaped module path \"github.com/Google/uuid\"\n");
        r = server.handle("/lookup/github.com/!google/uuid@v1.6.0-A");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("invalid escaped version \"v1.6.0-A\"\n");
        assertThat(server.handle("/lookup/github.com/google/uuid@v9.9.9").status()).isEqualTo(404);
        assertThat(server.handle("/tile/8/0/000.p/0").text()).isEqualTo("invalid tile syntax\n");
        assertThat(server.handle("/latest/").text()).isEqualTo("404 page not found\n");
        assertThat(server.handle("/").status()).isEqualTo(404);
    }

    @Test
    void storeFailuresAre500() {
        SumDbServer.Store broken = new SumDbServer.Store() {
            public long treeSize() throws IOException { throw new IOException("disk on fire"); }
            public List<byte[]> readRecords(long id, int n) throws IOException { throw new IOException("disk on fire"); }
            public OptionalLong lookup(String path, String version) throws IOException { throw new IOException("index lost"); }
            public List<Hash> readHashes(long[] indexes) throws IOException { throw new IOException("disk on fire"); }
        };
        SumDbServer s = new SumDbServer(broken, TestLogVectors.signer());
        for (String[] c : new String[][] {{"/latest", "disk on fire\n"}, {"/tile/8/0/000", "disk on fire\n"},
                {"/lookup/golang.org/x/text@v0.3.2", "index lost\n"}}) {
            SumDbServer.Response r = s.handle(c[0]);
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.text()).isEqualTo(c[1]);
        }
    }

    /** A new private log: the empty tree is signed with RFC 6962's empty hash, then grows record by record. */
    @Test
    void growingLog() throws Exception {
        MemoryLog fresh = new MemoryLog();
        SumDbServer s = new SumDbServer(fresh, TestLogVectors.signer());
        assertThat(s.handle("/latest").text()).startsWith(
                "go.sum database tree\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— localhost.localdev/sumdb ");
        assertThat(s.handle("/tile/8/0/000.p/1").status()).isEqualTo(404);
        byte[] latest = TestLogVectors.read("latest");
        MemoryLog full = TestLogVectors.log();
        for (long i = 0; i < 300; i++) {
            byte[] rec = full.readRecords(i, 1).get(0);
            fresh.add("m" + i, "v1.0.0", rec);
        }
        // Same records, same order: the same signed tree head as the vectors.
        assertThat(s.handle("/latest").body()).isEqualTo(latest);
    }
}
