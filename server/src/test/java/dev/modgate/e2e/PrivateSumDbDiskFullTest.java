package dev.modgate.e2e;

import dev.modgate.testing.Tmpfs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.ServerConfig;
import dev.modgate.config.SumDbConfig;
import dev.modgate.testing.ExpectedErrors;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.SyntheticGraph;
import dev.modgate.testing.TestModgate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The private checksum database on a full disk (issue 12, item 5): the data directory is on a small tmpfs the test
 * mounts (it runs as root; without the permission to mount it is skipped outside CI, saying so, and fails in CI) and then fills. The last signed
 * tree and every record in it are still served; a new record waits and its lookup answers 507; once there is space
 * again it is published. No answer names a file of the server.
 */
class PrivateSumDbDiskFullTest {
    static final String NAME = "sumdb.modgate.test";
    @TempDir Path tmp;

    static String text(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    @Test
    void aFullDiskKeepsTheLastTreeServedAndNewRecordsWait() throws Exception {
        Path tree = tmp.resolve("tree");
        SyntheticGraph.write(tree, tmp.resolve("project"));
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Tmpfs.mountOrSkip(mnt, "8m");
        List<String> bodies = new ArrayList<>();
        try (StaticHttpServer upstream = new StaticHttpServer(tree)) {
            Path data = mnt.resolve("data");
            // Stored without a private log, so that logging it later needs no download: only the log's own writes.
            try (TestModgate m = new TestModgate(TestModgate.config(data, upstream.url()), Map.of())) {
                assertThat(m.get("/example.com/lib3/@v/v1.0.0.mod").statusCode()).isEqualTo(200);
                assertThat(m.get("/example.com/lib3/@v/v1.0.0.zip").statusCode()).isEqualTo(200);
            }
            ServerConfig.Builder cfg = TestModgate.config(data, upstream.url()).sumdb(SumDbConfig.builder().privateName(NAME).build());
            try (TestModgate m = new TestModgate(cfg, Map.of())) {
                String lookup1 = "/sumdb/" + NAME + "/lookup/example.com/lib1@v1.0.0";
                HttpResponse<byte[]> logged = m.get(lookup1);
                assertThat(logged.statusCode()).as(text(logged)).isEqualTo(200);
                byte[] latest = m.get("/sumdb/" + NAME + "/latest").body();
                assertThat(text(m.get("/sumdb/" + NAME + "/latest"))).contains("go.sum database tree\n1\n");

                fill(mnt.resolve("filler"));

                // The last signed tree and the records in it are still served, unchanged.
                HttpResponse<byte[]> latestWhenFull = keep(bodies, m.get("/sumdb/" + NAME + "/latest"));
                assertThat(latestWhenFull.statusCode()).as(text(latestWhenFull)).isEqualTo(200);
                assertThat(latestWhenFull.body()).isEqualTo(latest);
                HttpResponse<byte[]> loggedWhenFull = keep(bodies, m.get(lookup1));
                assertThat(loggedWhenFull.statusCode()).as(text(loggedWhenFull)).isEqualTo(200);
                assertThat(loggedWhenFull.body()).isEqualTo(logged.body());

                // A new record cannot be published: 507, saying the disk is full.
                HttpResponse<byte[]> waiting = keep(bodies, m.get("/sumdb/" + NAME + "/lookup/example.com/lib3@v1.0.0"));
                assertThat(waiting.statusCode()).as(text(waiting)).isEqualTo(507);
                assertThat(text(waiting)).contains("the data directory is full");
                assertThat(ExpectedErrors.seen()).as("the operator is told, at ERROR")
                        .anyMatch(line -> line.startsWith("SumDbErrors could not sign a new tree head of the private checksum database " + NAME));
                HttpResponse<byte[]> again = keep(bodies, m.get("/sumdb/" + NAME + "/latest"));
                assertThat(again.statusCode()).as(text(again)).isEqualTo(200);
                assertThat(again.body()).isEqualTo(latest);
                // A download that cannot be stored: 507 as well.
                HttpResponse<byte[]> fetch = keep(bodies, m.get("/example.com/lib5/@v/v1.0.0.zip"));
                assertThat(fetch.statusCode()).as(text(fetch)).isEqualTo(507);
                HttpResponse<byte[]> newLookup = keep(bodies, m.get("/sumdb/" + NAME + "/lookup/example.com/lib6@v1.0.0"));
                assertThat(newLookup.statusCode()).as(text(newLookup)).isEqualTo(507);
                assertThat(bodies).as("no answer names a file of the server").noneMatch(b -> b.contains(tmp.toString()) || b.contains(mnt.toString()));

                // Space again: the record that waited is published, and the tree grows.
                Files.delete(mnt.resolve("filler"));
                HttpResponse<byte[]> published = m.get("/sumdb/" + NAME + "/lookup/example.com/lib3@v1.0.0");
                assertThat(published.statusCode()).as(text(published)).isEqualTo(200);
                assertThat(text(published)).contains("example.com/lib3 v1.0.0 h1:", "go.sum database tree\n2\n");
                assertThat(text(m.get("/sumdb/" + NAME + "/latest"))).contains("go.sum database tree\n2\n");
            }
        } finally {
            Tmpfs.umount(mnt);
        }
    }

    private static HttpResponse<byte[]> keep(List<String> bodies, HttpResponse<byte[]> r) {
        bodies.add(text(r));
        return r;
    }

    private static void fill(Path filler) {
        byte[] block = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 100_000; i++) out.write(block);
        } catch (IOException e) {
            return; // no space left: that was the point
        }
        throw new AssertionError("the tmpfs did not fill up");
    }
}
