package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions that do not resolve, from git, with the go command in direct mode as the reference: a tag that does not
 * exist, a repository that does not exist, +incompatible and /vN versions a module cannot have, and a version asked
 * for before its tag was pushed. Every artifact of such a version (.info, .mod, .zip) is a 404/410 with the go
 * command's reason and nothing is stored; lists and latest stay what the go command sees; once the tag is pushed,
 * its real go.mod is served. Same loopback setup as {@link DirectParityTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectNegativeParityTest {
    static final String HOST = "git.example.test";
    static final String NEG = HOST + "/neg";
    static final String LEGACY = HOST + "/legacy";
    static final String LATER = HOST + "/later";
    static final String MISSING = HOST + "/missing";

    @TempDir static Path tmp;
    static GitHost host;
    static TestModgate modgate;
    static GoTool go;
    static Path work;
    static Path served;
    static GitRepoBuilder later;

    /** Module and version pairs that resolve neither directly nor (now) through modgate. */
    static final List<String> UNRESOLVED = List.of(
            NEG + "@v1.9.9",                       // no such tag
            NEG + "@v1.0.1",                       // no such tag, just above a real one
            NEG + "@v2.0.0+incompatible",          // a v2 tag, but the module has a go.mod
            NEG + "@v3.0.0+incompatible",          // no such tag at all
            NEG + "/v2@v2.0.0",                    // the v2 tag's go.mod says HOST/neg, and there is no v2/go.mod
            NEG + "/v3@v3.0.0",                    // no such tag
            LEGACY + "@v3.0.0+incompatible",       // no such tag in a module without go.mod
            LEGACY + "/v2@v2.0.0",                 // a v2 tag, but neither go.mod nor v2/go.mod
            MISSING + "@v1.0.0",                   // announced by a go-import page, but no such repository
            MISSING + "/v2@v2.0.0",
            HOST + "/nowhere@v1.0.0");             // no go-import page at all

    /** Of those, the ones whose tag exists (but names no such module version). */
    static final java.util.Set<String> TAGGED = java.util.Set.of(NEG + "/v2@v2.0.0", LEGACY + "/v2@v2.0.0");

    @BeforeAll static void start() throws Exception {
        go = new GoTool(tmp.resolve("home"));
        served = Files.createDirectories(tmp.resolve("served"));
        Path w = tmp.resolve("work");

        GitRepoBuilder neg = new GitRepoBuilder(w.resolve("neg"));
        neg.write("go.mod", "module " + NEG + "\n\ngo 1.17\n").write("neg.go", "package neg\n");
        neg.commit("one");
        neg.tag("v1.0.0");
        neg.write("neg.go", "package neg // two\n");
        neg.commit("two");
        neg.tag("v2.0.0");
        neg.publish(served.resolve("neg"));

        GitRepoBuilder legacy = new GitRepoBuilder(w.resolve("legacy"));
        legacy.write("legacy.go", "package legacy\n");
        legacy.commit("one");
        legacy.tag("v1.0.0");
        legacy.write("legacy.go", "package legacy // two\n");
        legacy.commit("two");
        legacy.tag("v2.0.0");
        legacy.publish(served.resolve("legacy"));

        later = new GitRepoBuilder(w.resolve("later"));
        later.write("go.mod", "module " + LATER + "\n\ngo 1.17\n").write("later.go", "package later\n");
        later.commit("one");
        later.tag("v1.0.0");
        later.publish(served.resolve("later"));

        host = new GitHost(HOST, served, tmp.resolve("home"));
        for (String name : List.of("neg", "legacy", "later", "missing")) host.announce(name);
        DirectConfig direct = host.direct();
        // Short list and not-found TTLs, so that a tag pushed during the test shows as it would to the go command.
        ServerConfig.Builder cfg = TestModgate.config(tmp.resolve("data"), "off").listTtl(Duration.ofSeconds(1)).negativeTtl(Duration.ofSeconds(1))
                .direct(direct);
        modgate = new TestModgate(cfg, host.modgateEnv());
        work = Files.createDirectories(tmp.resolve("mod"));
        Files.writeString(work.resolve("go.mod"), "module example.test/negative\n\ngo 1.19\n");
        go.set("GIT_TERMINAL_PROMPT", "0").set("GIT_CONFIG_NOSYSTEM", "1").set("GOSUMDB", "off").set("GOFLAGS", "-mod=mod");
    }

    @AfterAll static void stop() throws Exception {
        if (modgate != null) modgate.close();
        if (host != null) host.close();
    }

    static GoTool direct(String cache) {
        return host.direct(go, cache);
    }

    static GoTool viaModgate(String cache) {
        return host.via(go, modgate.url(), cache);
    }

    static List<JsonNode> goJson(GoTool g, String... args) throws Exception {
        GoTool.Result r = g.run(work, args);
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new ObjectMapper().readerFor(JsonNode.class).readValues(r.stdout())) {
            while (it.hasNext()) out.add(it.next());
        }
        return out;
    }

    static String module(String mv) { return mv.substring(0, mv.indexOf('@')); }

    static String version(String mv) { return mv.substring(mv.indexOf('@') + 1); }

    static String url(String mv, String ext) { return "/" + module(mv) + "/@v/" + version(mv) + "." + ext; }

    /** Files modgate stored for the module path (its version files, lists), outside .modgate. */
    static List<String> storedFor(String mv) throws Exception {
        Path dir = tmp.resolve("data").resolve(module(mv)).resolve("@v");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(version(mv) + ".")).toList();
        }
    }

    static String body(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    @Test @Order(1)
    void everyArtifactOfAnUnresolvedVersionIsNotFoundAndNothingIsStored() throws Exception {
        // The go command itself: each of these is an error (unknown revision, invalid version, no repository).
        Map<String, JsonNode> d = new java.util.LinkedHashMap<>();
        for (JsonNode n : goJson(direct("dl-direct"), Stream.concat(Stream.of("mod", "download", "-json"), UNRESOLVED.stream()).toArray(String[]::new))) {
            d.put(n.path("Path").asText() + "@" + n.path("Version").asText(), n);
        }
        for (String mv : UNRESOLVED) {
            assertThat(d.get(mv)).as("direct go mod download of %s", mv).isNotNull();
            assertThat(d.get(mv).path("Error").asText("")).as("the go command refuses %s", mv).isNotEmpty();
        }
        // The .mod and .zip first (as a client asking for a go.mod from a require line would), then the .info.
        for (String mv : UNRESOLVED) {
            for (String ext : List.of("mod", "zip", "info")) {
                HttpResponse<byte[]> r = modgate.get(url(mv, ext));
                assertThat(r.statusCode()).as("%s: %s", url(mv, ext), body(r)).isIn(404, 410);
                String error = d.get(mv).path("Error").asText();
                if (error.contains("invalid version") && !error.contains("exit status")) {
                    // The same reason as the go command's, word for word (not git's own words: modgate uses no git).
                    assertThat(body(r)).as("%s", url(mv, ext)).contains(error.substring(error.indexOf("invalid version")));
                }
            }
            assertThat(storedFor(mv)).as("stored for %s", mv).isEmpty();
        }
        // Asked twice (the second answer may come from the not-found cache or the mirror): still nothing made up.
        for (String mv : UNRESOLVED) assertThat(modgate.get(url(mv, "mod")).statusCode()).as(mv).isIn(404, 410);
        // The go command through modgate fails the same way.
        for (JsonNode n : goJson(viaModgate("dl-via"), Stream.concat(Stream.of("mod", "download", "-json"), UNRESOLVED.stream()).toArray(String[]::new))) {
            assertThat(n.path("Error").asText("")).as("through modgate: %s", n).isNotEmpty();
        }
    }

    @Test @Order(2)
    void listsAndLatestAreTheGoCommands() throws Exception {
        List<String> modules = UNRESOLVED.stream().map(DirectNegativeParityTest::module).distinct().toList();
        String[] versionsArgs = Stream.concat(Stream.of("list", "-m", "-e", "-json", "-versions"), modules.stream()).toArray(String[]::new);
        List<JsonNode> d = goJson(direct("ls-direct"), versionsArgs);
        List<JsonNode> v = goJson(viaModgate("ls-via"), versionsArgs);
        assertThat(v).hasSameSizeAs(d).hasSize(modules.size());
        for (int i = 0; i < modules.size(); i++) {
            assertThat(v.get(i).path("Versions").toString()).as("versions of %s", modules.get(i)).isEqualTo(d.get(i).path("Versions").toString());
            assertThat(v.get(i).hasNonNull("Error")).as("error listing %s (direct: %s; via: %s)", modules.get(i), d.get(i), v.get(i))
                    .isEqualTo(d.get(i).hasNonNull("Error"));
        }
        String[] latestArgs = Stream.concat(Stream.of("list", "-m", "-e", "-json"), modules.stream().map(m -> m + "@latest")).toArray(String[]::new);
        List<JsonNode> dl = goJson(direct("lt-direct"), latestArgs);
        List<JsonNode> vl = goJson(viaModgate("lt-via"), latestArgs);
        assertThat(vl).hasSameSizeAs(dl).hasSize(modules.size());
        for (int i = 0; i < modules.size(); i++) {
            assertThat(vl.get(i).path("Version").asText()).as("latest of %s", modules.get(i)).isEqualTo(dl.get(i).path("Version").asText());
            assertThat(vl.get(i).hasNonNull("Error")).as("error of %s@latest (direct: %s; via: %s)", modules.get(i), dl.get(i), vl.get(i))
                    .isEqualTo(dl.get(i).hasNonNull("Error"));
        }
        // The raw list is the go command's where it prints one; elsewhere (its latest fails, so it prints none) the
        // list holds no version that was only asked for. Tags that exist but do not resolve are listed, as the go
        // command's codeRepo.Versions lists them (it reads no go.mod).
        for (int i = 0; i < modules.size(); i++) {
            String m = modules.get(i);
            HttpResponse<byte[]> r = modgate.get("/" + m + "/@v/list");
            if (!d.get(i).hasNonNull("Error")) {
                List<String> expected = new ArrayList<>();
                d.get(i).path("Versions").forEach(n -> expected.add(n.asText()));
                assertThat(r.statusCode()).as("list of %s: %s", m, body(r)).isEqualTo(200);
                assertThat(body(r).lines().toList()).as("list of %s", m).isEqualTo(expected);
                continue;
            }
            if (r.statusCode() != 200) {
                assertThat(r.statusCode()).as("list of %s: %s", m, body(r)).isIn(404, 410);
                continue;
            }
            for (String mv : UNRESOLVED) {
                if (!module(mv).equals(m)) continue;
                if (TAGGED.contains(mv)) assertThat(body(r).lines().toList()).as("list of %s", m).contains(version(mv));
                else assertThat(body(r).lines().toList()).as("list of %s", m).doesNotContain(version(mv));
            }
        }
        assertThat(body(modgate.get("/" + NEG + "/@v/list"))).isEqualTo("v1.0.0\n");
    }

    @Test @Order(3)
    void aVersionAskedForBeforeItsTagExistsIsServedAsTaggedLater() throws Exception {
        String mv = LATER + "@v1.1.0";
        for (String ext : List.of("mod", "info", "zip")) {
            HttpResponse<byte[]> r = modgate.get(url(mv, ext));
            assertThat(r.statusCode()).as("%s before the tag: %s", ext, body(r)).isIn(404, 410);
            assertThat(body(r)).contains("unknown revision v1.1.0");
        }
        assertThat(goJson(viaModgate("early"), "mod", "download", "-json", mv).getFirst().path("Error").asText("")).contains("unknown revision v1.1.0");
        assertThat(storedFor(mv)).isEmpty();

        // Now the author tags it, with a requirement the made-up go.mod would have lost.
        later.write("go.mod", "module " + LATER + "\n\ngo 1.17\n\nrequire example.com/dep v1.0.0\n");
        later.commit("two");
        later.tag("v1.1.0");
        later.publish(served.resolve("later"));
        // Past the not-found TTL (1 s) and the reuse of a refresh moments old (2 s).
        Thread.sleep(3_000);

        HttpResponse<byte[]> mod = modgate.get(url(mv, "mod"));
        assertThat(mod.statusCode()).as(body(mod)).isEqualTo(200);
        assertThat(body(mod)).isEqualTo("module " + LATER + "\n\ngo 1.17\n\nrequire example.com/dep v1.0.0\n");
        JsonNode d = goJson(direct("late-direct"), "mod", "download", "-json", mv).getFirst();
        JsonNode v = goJson(viaModgate("late-via"), "mod", "download", "-json", mv).getFirst();
        assertThat(d.path("Error").asText("")).isEmpty();
        assertThat(v.path("Error").asText("")).as("%s", v).isEmpty();
        assertThat(v.path("GoModSum").asText()).isEqualTo(d.path("GoModSum").asText());
        assertThat(v.path("Sum").asText()).isEqualTo(d.path("Sum").asText());
        JsonNode dv = goJson(direct("late-ls-direct"), "list", "-m", "-json", "-versions", LATER).getFirst();
        JsonNode vv = goJson(viaModgate("late-ls-via"), "list", "-m", "-json", "-versions", LATER).getFirst();
        assertThat(vv.path("Versions").toString()).isEqualTo(dv.path("Versions").toString()).contains("v1.1.0");
    }
}
