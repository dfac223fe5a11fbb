package dev.modgate.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.storage.StateDir;
import dev.modgate.testing.RawHttp;
import dev.modgate.testing.TestModgate;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * modgate serving the snapshot in force at /vulndb/ over loopback HTTP: every file byte for byte (.json as published,
 * .json.gz a gzip file of it), exactly the requests golang/vuln's v1 client makes (internal/client/source.go and
 * client.go), a 404 with the reason before any snapshot, and nothing outside the snapshot whatever the path.
 */
class VulnDbMirrorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;
    private Path data;
    private TestModgate modgate;

    @BeforeEach void start() throws Exception {
        data = tmp.resolve("data");
        modgate = new TestModgate(data, "off");
    }

    @AfterEach void stop() throws Exception {
        modgate.close();
    }

    /** Imports the database as `modgate vulndb import` does beside a running server, and waits until the server sees it. */
    private Snapshot importBeside(TestVulnDb db) throws Exception {
        VulnDbSnapshots beside = new VulnDbSnapshots(StateDir.vulndbIn(data), Duration.ofSeconds(30));
        Snapshot s = new VulnDbSync(beside, null).importZip(db.zip(tmp.resolve("vulndb.zip")), false).snapshot();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (modgate.get("/vulndb/index/db.json").statusCode() != 200) {
            assertThat(System.nanoTime()).as("the server sees the new snapshot").isLessThan(deadline);
            Thread.sleep(50);
        }
        return s;
    }

    @Test
    void withoutASnapshotEveryFileIsA404SayingWhatToRun() throws Exception {
        for (String path : List.of("/vulndb/index/db.json", "/vulndb/index/modules.json.gz", "/vulndb/ID/GO-2024-0001.json.gz")) {
            HttpResponse<byte[]> r = modgate.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("no vulnerability database snapshot: run modgate vulndb sync or import\n");
            assertThat(r.headers().firstValue("Cache-Control")).as("a snapshot may come any moment").hasValue("no-store");
        }
    }

    @Test
    void everyFileIsServedByteForByteAsJsonAndAsGzip() throws Exception {
        TestVulnDb db = TestVulnDb.standard();
        Snapshot s = importBeside(db);
        for (Map.Entry<String, byte[]> f : db.files().entrySet()) {
            HttpResponse<byte[]> json = modgate.get("/vulndb/" + f.getKey());
            assertThat(json.statusCode()).as(f.getKey()).isEqualTo(200);
            assertThat(json.body()).as(f.getKey()).isEqualTo(f.getValue());
            assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(json.headers().firstValue("Cache-Control")).as("short: the next snapshot changes it").hasValue("public, max-age=60");
            String etag = json.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).isEqualTo("\"" + s.name() + "/" + f.getKey() + "\"");

            HttpResponse<byte[]> gz = modgate.get("/vulndb/" + f.getKey() + ".gz");
            assertThat(gz.statusCode()).isEqualTo(200);
            assertThat(gz.headers().firstValue("Content-Type")).hasValue("application/gzip");
            assertThat(gz.headers().firstValue("Content-Encoding")).as("a gzip file, not an encoding").isEmpty();
            assertThat(VulnDbSyncTest.gunzip(gz.body())).as(f.getKey() + ".gz").isEqualTo(f.getValue());
            assertThat(gz.headers().firstValue("ETag")).hasValue("\"" + s.name() + "/" + f.getKey() + ".gz\"");

            HttpResponse<byte[]> again = modgate.send(HttpRequest.newBuilder(URI.create(modgate.url() + "/vulndb/" + f.getKey()))
                    .header("If-None-Match", etag).GET().build());
            assertThat(again.statusCode()).isEqualTo(304);
        }
        assertThat(modgate.get("/vulndb/ID/GO-2099-0001.json.gz").statusCode()).isEqualTo(404);
        assertThat(new String(modgate.get("/vulndb/ID/GO-2099-0001.json").body(), StandardCharsets.UTF_8))
                .isEqualTo("not found: /vulndb/ID/GO-2099-0001.json is not in the vulnerability database (snapshot " + s.name() + ")\n");
    }

    /**
     * What govulncheck -db http://modgate/vulndb asks, as golang/vuln internal/client does: the source URL with its
     * trailing slashes trimmed; HEAD index/modules.json.gz to see a v1 database; then GET ENDPOINT.json.gz for
     * index/db, index/modules and ID/ID of each entry of a module, each body gunzipped by the client itself (Go's
     * transport has sent Accept-Encoding: gzip and must not find a Content-Encoding to undo).
     */
    @Test
    void theV1ClientsRequestsAreAnswered() throws Exception {
        TestVulnDb db = TestVulnDb.standard();
        importBeside(db);
        for (String source : List.of(modgate.url() + "/vulndb", modgate.url() + "/vulndb/")) {
            String url = source.replaceAll("/+$", ""); // strings.TrimRight(source, "/")
            HttpResponse<byte[]> probe = modgate.send(HttpRequest.newBuilder(URI.create(url + "/index/modules.json.gz"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(probe.statusCode()).as("endpointExistsHTTP(source, \"index/modules.json.gz\")").isEqualTo(200);

            JsonNode dbMeta = JSON.readTree(clientGet(url, "index/db"));
            assertThat(dbMeta.get("modified").asText()).isEqualTo("2024-03-04T10:00:00Z");

            JsonNode modules = JSON.readTree(clientGet(url, "index/modules"));
            List<String> ids = new ArrayList<>();
            for (JsonNode m : modules) if (m.get("path").asText().equals("example.com/a")) m.get("vulns").forEach(v -> ids.add(v.get("id").asText()));
            assertThat(ids).containsExactly("GO-2024-0001", "GO-2024-0002");
            for (String id : ids) {
                byte[] entry = clientGet(url, "ID/" + id);
                assertThat(entry).isEqualTo(db.files().get("ID/" + id + ".json"));
                assertThat(JSON.readTree(entry).get("id").asText()).isEqualTo(id);
            }
            assertThat(JSON.readTree(clientGet(url, "ID/GO-2024-0003")).get("affected").get(0).get("package").get("name").asText()).isEqualTo("stdlib");
        }
    }

    /** httpSource.get: GET url/ENDPOINT.json.gz, 200 or an error, then gzip.NewReader over the body. */
    private byte[] clientGet(String url, String endpoint) throws Exception {
        HttpResponse<byte[]> r = modgate.send(HttpRequest.newBuilder(URI.create(url + "/" + endpoint + ".json.gz"))
                .header("Accept-Encoding", "gzip").GET().build());
        assertThat(r.statusCode()).as(endpoint).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        return VulnDbSyncTest.gunzip(r.body());
    }

    @Test
    void noPathUnderVulndbReachesAFileOutsideTheSnapshot() throws Exception {
        importBeside(TestVulnDb.standard());
        Files.writeString(data.resolve("secret.txt"), "SENTINEL-1");
        Files.writeString(StateDir.vulndbIn(data).resolve("secret.txt"), "SENTINEL-2");
        List<String> targets = List.of("/vulndb/../secret.txt", "/vulndb/%2e%2e/secret.txt", "/vulndb/ID/..%2f..%2fsecret.txt",
                "/vulndb/index/../../secret.txt", "/vulndb/index/..%2F..%2Fsecret.txt", "/vulndb/manifest.json", "/vulndb/current",
                "/vulndb/secret.txt", "/vulndb/ID/GO-2024-0001.json/../../../secret.txt", "/vulndb/ID/GO-2024-0001.json%00",
                "/vulndb/index/db.json.gz.gz", "/vulndb/ID/", "/vulndb/", "/vulndb", "/vulndb/ID/GO-2024-0001.JSON",
                "/vulndb/index/db", "/vulndb//index/db.json", "/vulndb/index/./db.json", "/vulndb/ID/..%5csecret.txt",
                "/vulndb/%2fetc/passwd");
        for (String t : targets) {
            RawHttp.Reply r = RawHttp.get(modgate.port(), "GET", t);
            assertThat(r.status()).as(t).isIn(400, 404);
            assertThat(r.body()).as(t).doesNotContain("SENTINEL").doesNotContain(data.toString());
        }
        RawHttp.Reply query = RawHttp.get(modgate.port(), "GET", "/vulndb/ID/GO-2024-0001.json?x=/../../secret.txt");
        assertThat(query.status()).as("a query is not part of the path").isEqualTo(200);
        assertThat(query.body()).startsWith("{\"schema_version\"").contains("\"id\":\"GO-2024-0001\"");
        assertThat(RawHttp.get(modgate.port(), "GET", "/vulndb/").body())
                .contains("/vulndb/ is not a file of the vulnerability database (want /vulndb/index/db.json, index/modules.json");
    }
}
