package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.testing.GitFixtures;
import dev.modgate.testing.GitHost;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.TestModgate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity with the go command in direct mode: the fixture repositories ({@link GitFixtures}) are served by git's
 * own smart HTTP server on loopback, with go-import pages for the made-up host {@value GitFixtures#HOST}. The real
 * go command reads them itself ({@code GOPROXY=direct}) and through modgate ({@code GOPROXY=http://modgate}), and
 * every answer must be the same: resolved versions (tags, branches, hashes, latest, pseudo-versions), version
 * lists, and the Sum and GoModSum of every version.
 *
 * <p>How the go command and modgate reach a host that does not exist: {@link GitHost}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectParityTest {
    @TempDir static Path tmp;
    static GitFixtures fixtures;
    static GitHost host;
    static TestModgate modgate;
    static GoTool go;
    static Path work;

    @BeforeAll static void start() throws Exception {
        go = new GoTool(tmp.resolve("home"));
        Path served = Files.createDirectories(tmp.resolve("served"));
        fixtures = GitFixtures.build(tmp.resolve("work"), served);
        host = new GitHost(GitFixtures.HOST, served, tmp.resolve("home"));
        fixtures.announce(host.server());
        modgate = new TestModgate(TestModgate.config(tmp.resolve("data"), "off").direct(host.direct()), host.modgateEnv());
        work = Files.createDirectories(tmp.resolve("mod"));
        Files.writeString(work.resolve("go.mod"), "module example.test/parity\n\ngo 1.19\n");
        go.set("GIT_TERMINAL_PROMPT", "0").set("GIT_CONFIG_NOSYSTEM", "1").set("GOSUMDB", "off").set("GOFLAGS", "-mod=mod");
    }

    @AfterAll static void stop() throws Exception {
        if (modgate != null) modgate.close();
        if (host != null) host.close();
    }

    /** The go command straight from git. */
    static GoTool direct(String cache) {
        return host.direct(go, cache);
    }

    /** The go command with modgate as its only source. */
    static GoTool viaModgate(String cache) {
        return host.via(go, modgate.url(), cache);
    }

    static List<JsonNode> json(GoTool.Result r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        m.configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, true);
        try (MappingIterator<JsonNode> it = m.readerFor(JsonNode.class).readValues(r.stdout())) {
            while (it.hasNext()) out.add(it.next());
        }
        return out;
    }

    static List<JsonNode> list(GoTool g, String... args) throws Exception {
        return list(g, List.of(), args);
    }

    static List<JsonNode> list(GoTool g, List<String> flags, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("list", "-m", "-e", "-json"));
        a.addAll(flags);
        a.addAll(List.of(args));
        GoTool.Result r = g.run(work, a.toArray(String[]::new));
        List<JsonNode> out = json(r);
        assertThat(out).as("go list printed one result per argument; stderr: %s", r.stderr()).hasSize(args.length);
        return out;
    }

    static Map<String, JsonNode> resolvedDirect;

    @Test @Order(1)
    void queriesResolveToTheSameVersions() throws Exception {
        List<String> queries = fixtures.queries();
        List<JsonNode> d = list(direct("q-direct"), queries.toArray(String[]::new));
        List<JsonNode> v = list(viaModgate("q-via"), queries.toArray(String[]::new));
        resolvedDirect = new LinkedHashMap<>();
        int ok = 0, failing = 0;
        for (int i = 0; i < queries.size(); i++) {
            String q = queries.get(i);
            JsonNode a = d.get(i), b = v.get(i);
            if (a.hasNonNull("Error")) {
                failing++;
                assertThat(b.hasNonNull("Error")).as("%s fails directly (%s), so it must fail through modgate; got %s", q, a.path("Error"), b).isTrue();
                continue;
            }
            assertThat(b.path("Error").asText("")).as("error through modgate for %s", q).isEmpty();
            assertThat(b.path("Version").asText()).as("version of %s", q).isEqualTo(a.path("Version").asText());
            assertThat(b.path("Time").asText()).as("time of %s", q).isEqualTo(a.path("Time").asText());
            resolvedDirect.put(a.path("Path").asText() + "@" + a.path("Version").asText(), a);
            ok++;
        }
        assertThat(ok).as("queries that resolve").isGreaterThan(30);
        assertThat(failing).as("queries that fail both ways").isGreaterThan(5);
        // Some answers that show the rules are really exercised:
        assertThat(resolvedDirect.keySet()).contains(
                GitFixtures.HOST + "/majors@v2.1.0+incompatible",
                GitFixtures.HOST + "/multi/sub@v0.2.0",
                GitFixtures.HOST + "/multi/v2@v2.0.0");
        assertThat(resolvedDirect.keySet()).anyMatch(k -> k.startsWith(GitFixtures.HOST + "/basic@v1.2.0-rc.1.0."))
                .anyMatch(k -> k.startsWith(GitFixtures.HOST + "/nomod@v0.0.0-"))
                .anyMatch(k -> k.startsWith(GitFixtures.HOST + "/multi/sub@v0.2.1-0."));
    }

    @Test @Order(2)
    void versionListsAreTheSame() throws Exception {
        String[] args = fixtures.modules().stream().map(m -> m + "@latest").toArray(String[]::new);
        List<JsonNode> d = list(direct("l-direct"), List.of("-versions"), args);
        List<JsonNode> v = list(viaModgate("l-via"), List.of("-versions"), args);
        for (int i = 0; i < args.length; i++) {
            assertThat(v.get(i).path("Versions").toString()).as("versions of %s", args[i]).isEqualTo(d.get(i).path("Versions").toString());
        }
        assertThat(d.stream().filter(n -> n.path("Versions").size() > 0).count()).isGreaterThan(5);
    }

    @Test @Order(3)
    void everyVersionHasTheSameSums() throws Exception {
        Set<String> versions = new TreeSet<>(resolvedDirect.keySet());
        Map<String, JsonNode> d = download(direct("d-direct"), versions);
        Map<String, JsonNode> v = download(viaModgate("d-via"), versions);
        int ok = 0;
        for (String mv : versions) {
            JsonNode a = d.get(mv), b = v.get(mv);
            assertThat(a).as("direct download of %s", mv).isNotNull();
            assertThat(b).as("download of %s through modgate", mv).isNotNull();
            if (a.hasNonNull("Error")) {
                assertThat(b.hasNonNull("Error")).as("%s fails directly (%s)", mv, a.path("Error")).isTrue();
                continue;
            }
            assertThat(b.path("Error").asText("")).as("error through modgate for %s", mv).isEmpty();
            assertThat(b.path("Sum").asText()).as("Sum of %s", mv).isEqualTo(a.path("Sum").asText());
            assertThat(b.path("GoModSum").asText()).as("GoModSum of %s", mv).isEqualTo(a.path("GoModSum").asText());
            ok++;
        }
        assertThat(ok).isGreaterThan(20);
    }

    static Map<String, JsonNode> download(GoTool g, Set<String> versions) throws Exception {
        List<String> args = new ArrayList<>(List.of("mod", "download", "-json"));
        args.addAll(versions);
        GoTool.Result r = g.run(work, args.toArray(String[]::new));
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode n : json(r)) out.put(n.path("Path").asText() + "@" + n.path("Version").asText(), n);
        return out;
    }
}
