package dev.modgate.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.DirectConfig;
import dev.modgate.config.ServerConfig;
import dev.modgate.testing.Cli;
import dev.modgate.testing.ExpectedErrors;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** modgate vulndb sync, import and status on a data directory, and serve --vulndb-sync keeping a server's snapshot current. */
class VulnDbCommandsTest {
    @TempDir Path tmp;

    @Test
    void importSyncAndStatus() throws Exception {
        Path data = tmp.resolve("data");
        Cli.Result none = Cli.run("vulndb", "status", "--data", data.toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("modgate: " + data + " has no vulnerability database snapshot: run modgate vulndb sync or import\n");

        TestVulnDb db = TestVulnDb.standard();
        Cli.Result imported = Cli.run("vulndb", "import", db.zip(tmp.resolve("vulndb.zip")).toString(), "--data", data.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).matches("vulndb import vulndb.zip: switched to 20240304T100000Z-[0-9a-f]{12} \\(modified 2024-03-04T10:00:00Z, "
                + "5 entries, 5 modules\\): 5 entries fetched, 0 unchanged\n");
        String first = imported.out().substring(imported.out().indexOf("20240304T"), imported.out().indexOf(" (modified"));

        db.touch("GO-2023-1234", "2024-08-01T00:00:00Z");
        Path src = db.writeTo(tmp.resolve("src"));
        try (StaticHttpServer http = new StaticHttpServer(src)) {
            Cli.Result synced = Cli.run("vulndb", "sync", "--from", "http://user:secret@127.0.0.1:" + http.port(), "--data", data.toString());
            assertThat(synced.exit()).as(synced.err()).isZero();
            assertThat(synced.out()).startsWith("vulndb sync from http://127.0.0.1:" + http.port() + ": switched to 20240801T000000Z-")
                    .endsWith(": 1 entries fetched, 4 unchanged\n").doesNotContain("secret");
            Cli.Result again = Cli.run("vulndb", "sync", "--from", http.url(), "--data", data.toString());
            assertThat(again.out()).contains(": unchanged: 20240801T000000Z-");
            Cli.Result older = Cli.run("vulndb", "import", tmp.resolve("vulndb.zip").toString(), "--data", data.toString());
            assertThat(older.exit()).isEqualTo(1);
            assertThat(older.err()).startsWith("modgate: the database (modified 2024-03-04T10:00:00Z) is older than the snapshot in force")
                    .endsWith("nothing switched; give --force to go back to it\n");
        }
        Cli.Result status = Cli.run("vulndb", "status", "--data", data.toString());
        assertThat(status.exit()).isZero();
        List<String> lines = status.outLines();
        assertThat(lines.get(0)).matches("in force: 20240801T000000Z-[0-9a-f]{12}  modified 2024-08-01T00:00:00Z, 5 entries, 5 modules");
        assertThat(lines.get(1)).isEqualTo("kept:     " + first + "  modified 2024-03-04T10:00:00Z, 5 entries, 5 modules");
        assertThat(lines.get(2)).startsWith("served at /vulndb/ by modgate serve on this data directory");

        Cli.Result bad = Cli.run("vulndb", "sync", "--from", "ftp://example.com/db", "--data", data.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("modgate: vulnerability database ftp://example.com/db: want an https://, http:// or file:// URL\n");

        Cli.Result serve = Cli.run("serve", "--listen", "127.0.0.1:0", "--vulndb-sync", "1h", "--vulndb-url", "ftp://u:secret@example.com/db", "--data", data.toString());
        assertThat(serve.exit()).isEqualTo(1);
        assertThat(serve.err()).isEqualTo("modgate: --vulndb-url: vulnerability database ftp://example.com/db: want an https://, http:// or file:// URL\n");
    }

    @Test
    void serveSyncsInTheBackgroundAndKeepsServingWhenASyncFails() throws Exception {
        Path data = tmp.resolve("data");
        Path src = tmp.resolve("src"); // not there yet: the first syncs fail
        ServerConfig cfg = TestModgate.config(data, "off").direct(DirectConfig.none())
                .vulndbUrl(src.toUri().toString()).vulndbSync(Duration.ofMillis(200)).build();
        try (TestModgate modgate = new TestModgate(cfg, Map.of())) {
            Thread.sleep(500);
            assertThat(modgate.get("/vulndb/index/db.json").statusCode()).isEqualTo(404);
            assertThat(ExpectedErrors.seen()).anySatisfy(l -> assertThat(l).startsWith("PeriodicVulnDbSync vulnerability database sync from file:")
                    .contains("does not exist").endsWith("(the snapshot in force stays; next attempt in 200ms)"));

            TestVulnDb db = TestVulnDb.standard();
            db.writeTo(src);
            awaitModified(modgate, "2024-03-04T10:00:00Z");
            db.touch("GO-2024-0001", "2024-09-01T00:00:00Z");
            db.writeTo(src);
            awaitModified(modgate, "2024-09-01T00:00:00Z");
            assertThat(modgate.get("/vulndb/ID/GO-2024-0001.json").body()).isEqualTo(db.files().get("ID/GO-2024-0001.json"));
        }
    }

    private static void awaitModified(TestModgate modgate, String modified) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<byte[]> r = modgate.get("/vulndb/index/db.json");
            if (r.statusCode() == 200 && new String(r.body(), StandardCharsets.UTF_8).contains(modified)) return;
            assertThat(System.nanoTime()).as("the server syncs to " + modified).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
