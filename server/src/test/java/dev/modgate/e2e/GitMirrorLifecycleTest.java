package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.ServerConfig;
import dev.modgate.testing.GitHost;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.TestModgate;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git mirrors under {@code DATA/.modgate/git} deleted or emptied while modgate runs (the README's way to reclaim
 * their space) are rebuilt, with the go command's answers (pseudo-versions from the real tags), and lookups of
 * repositories that do not exist leave no mirror behind. The go command in direct mode gives the expected answers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitMirrorLifecycleTest {
    static final String HOST = "git.example.test";
    static final String LIFE = HOST + "/life";

    @TempDir static Path tmp;
    static GitHost host;
    static TestModgate modgate;
    static GoTool go;
    static Path work;
    static Path mirrors;
    static String head;

    @BeforeAll static void start() throws Exception {
        go = new GoTool(tmp.resolve("home"));
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder r = new GitRepoBuilder(tmp.resolve("work/life"));
        r.write("go.mod", "module " + LIFE + "\n\ngo 1.17\n").write("life.go", "package life\n");
        r.commit("one");
        r.tag("v1.1.0");
        r.write("life.go", "package life // two\n");
        head = r.commit("two");
        r.publish(served.resolve("life"));

        host = new GitHost(HOST, served, tmp.resolve("home")).announce("life").announce("missing");
        DirectConfig direct = host.direct();
        ServerConfig.Builder cfg = TestModgate.config(tmp.resolve("data"), "off").listTtl(Duration.ofSeconds(1)).negativeTtl(Duration.ofSeconds(1))
                .direct(direct);
        modgate = new TestModgate(cfg, host.modgateEnv());
        mirrors = tmp.resolve("data/.modgate/git");
        work = Files.createDirectories(tmp.resolve("mod"));
        Files.writeString(work.resolve("go.mod"), "module example.test/life\n\ngo 1.19\n");
        host.direct(go.set("GIT_TERMINAL_PROMPT", "0").set("GIT_CONFIG_NOSYSTEM", "1").set("GOSUMDB", "off").set("GOFLAGS", "-mod=mod"), "direct");
    }

    @AfterAll static void stop() throws Exception {
        if (modgate != null) modgate.close();
        if (host != null) host.close();
    }

    /** What the go command in direct mode resolves the query to. */
    static String directVersion(String query) throws Exception {
        GoTool.Result r = go.freshModCache("q" + query).run(work, "list", "-m", "-json", LIFE + "@" + query);
        assertThat(r.exit()).as(r.stderr()).isZero();
        return new ObjectMapper().readTree(r.stdout()).path("Version").asText();
    }

    static JsonNode info(String query) throws Exception {
        HttpResponse<byte[]> r = modgate.get("/" + LIFE + "/@v/" + query + ".info");
        assertThat(r.statusCode()).as("%s: %s", query, body(r)).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    static String body(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    static Set<String> mirrorDirs() throws Exception {
        if (!Files.isDirectory(mirrors)) return Set.of();
        try (Stream<Path> s = Files.list(mirrors)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    static void deleteTree(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Test @Order(1)
    void aMirrorDeletedWhileRunningIsRebuilt() throws Exception {
        String pseudo = directVersion(head);
        assertThat(pseudo).startsWith("v1.1.1-0.");
        assertThat(info(head.substring(0, 12)).path("Version").asText()).isEqualTo(pseudo);
        assertThat(mirrorDirs()).hasSize(1);

        for (String d : mirrorDirs()) deleteTree(mirrors.resolve(d));
        // A new query (not one cached from before): the pseudo-version still builds on the real tag.
        assertThat(info(head.substring(0, 10)).path("Version").asText()).isEqualTo(pseudo);
        HttpResponse<byte[]> list = modgate.get("/" + LIFE + "/@v/list");
        assertThat(list.statusCode()).as(body(list)).isEqualTo(200);
        assertThat(body(list)).isEqualTo("v1.1.0\n");

        // Deleted again, between requests that need the remote (a list) and the objects (a zip).
        for (String d : mirrorDirs()) deleteTree(mirrors.resolve(d));
        Thread.sleep(2_100); // past the reuse of a refresh moments old, so the list looks at the remote again
        list = modgate.get("/" + LIFE + "/@v/list");
        assertThat(list.statusCode()).as(body(list)).isEqualTo(200);
        HttpResponse<byte[]> zip = modgate.get("/" + LIFE + "/@v/v1.1.0.zip");
        assertThat(zip.statusCode()).as(body(zip)).isEqualTo(200);
        assertThat(mirrorDirs()).hasSize(1);
    }

    @Test @Order(2)
    void aMirrorWhoseObjectsAreGoneIsRebuilt() throws Exception {
        String pseudo = directVersion(head.substring(0, 8));
        for (String d : mirrorDirs()) deleteTree(mirrors.resolve(d).resolve("objects"));
        assertThat(info(head.substring(0, 8)).path("Version").asText()).isEqualTo(pseudo);
        HttpResponse<byte[]> zip = modgate.get("/" + LIFE + "/@v/" + pseudo + ".zip");
        assertThat(zip.statusCode()).as(body(zip)).isEqualTo(200);
        assertThat(mirrorDirs()).hasSize(1);
    }

    @Test @Order(3)
    void lookupsOfRepositoriesThatDoNotExistLeaveNoMirror() throws Exception {
        Set<String> before = mirrorDirs();
        for (String p : List.of("/@v/v1.0.0.info", "/@v/v1.0.0.mod", "/@v/list", "/@latest")) {
            HttpResponse<byte[]> r = modgate.get("/" + HOST + "/missing" + p);
            assertThat(r.statusCode()).as("%s: %s", p, body(r)).isIn(404, 410);
        }
        assertThat(mirrorDirs()).isEqualTo(before);
    }
}
