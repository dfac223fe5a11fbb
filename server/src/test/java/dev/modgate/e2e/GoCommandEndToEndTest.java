package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.testing.Corpus;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real go command against modgate on loopback, in front of a static GOPROXY tree built from cmd/go's own
 * test modules: what the go command computes through modgate must equal what it computes from the tree directly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoCommandEndToEndTest {
    @TempDir static Path tmp;
    static GoproxyTree tree;
    static StaticHttpServer upstream;
    static TestModgate modgate;
    static Path data;
    static GoTool go;
    static Map<String, JsonNode> direct;

    @BeforeAll static void start() throws Exception {
        go = new GoTool(tmp.resolve("home"));
        tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> true);
        upstream = new StaticHttpServer(tree.root());
        data = tmp.resolve("data");
        modgate = new TestModgate(data, upstream.url());
    }

    @AfterAll static void stop() throws Exception {
        if (modgate != null) modgate.close();
        if (upstream != null) upstream.close();
    }

    static Map<String, JsonNode> download(String goproxy, String cacheName, List<ModuleVersion> mvs) throws Exception {
        go.set("GOPROXY", goproxy).freshModCache(cacheName);
        List<String> args = new ArrayList<>(List.of("mod", "download", "-json"));
        for (ModuleVersion mv : mvs) args.add(mv.path() + "@" + mv.version());
        Path work = Files.createDirectories(tmp.resolve("work-" + cacheName));
        GoTool.Result r = go.run(work, args.toArray(String[]::new));
        Map<String, JsonNode> out = new LinkedHashMap<>();
        ObjectMapper m = new ObjectMapper();
        m.configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, true);
        try (MappingIterator<JsonNode> it = m.readerFor(JsonNode.class).readValues(r.stdout())) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                out.put(n.path("Path").asText() + "@" + n.path("Version").asText(), n);
            }
        }
        assertThat(out).as("go mod download printed a result per module; stderr: %s", r.stderr()).isNotEmpty();
        return out;
    }

    /** Every module that the go command downloads from the tree itself, it downloads through modgate with equal sums. */
    static void assertSameSums(Map<String, JsonNode> via, String how) {
        int ok = 0;
        for (var e : direct.entrySet()) {
            JsonNode d = e.getValue();
            JsonNode v = via.get(e.getKey());
            assertThat(v).as("%s: result for %s", how, e.getKey()).isNotNull();
            if (d.hasNonNull("Error")) {
                assertThat(v.hasNonNull("Error")).as("%s: %s fails directly (%s) so it must fail through modgate too",
                        how, e.getKey(), d.path("Error").asText()).isTrue();
                continue;
            }
            assertThat(v.path("Error").asText("")).as("%s: error for %s", how, e.getKey()).isEmpty();
            assertThat(v.path("Sum").asText()).as("%s: Sum of %s", how, e.getKey()).isEqualTo(d.path("Sum").asText());
            assertThat(v.path("GoModSum").asText()).as("%s: GoModSum of %s", how, e.getKey()).isEqualTo(d.path("GoModSum").asText());
            ok++;
        }
        assertThat(ok).as("%s: modules downloaded with equal sums", how).isGreaterThan(100);
    }

    @Test @Order(1)
    void everyModuleHasTheSameSumsThroughModgateAsFromTheTree() throws Exception {
        direct = download(upstream.url(), "direct", tree.versions());
        Map<String, JsonNode> via = download(modgate.url(), "via", tree.versions());
        assertSameSums(via, "through modgate");
    }

    @Test @Order(2)
    void theSameDownloadsSucceedWithTheUpstreamStopped() throws Exception {
        upstream.close();
        Map<String, JsonNode> via = download(modgate.url(), "offline", tree.versions());
        assertSameSums(via, "through modgate, upstream stopped");
    }

    @Test @Order(3)
    void theDataDirectoryIsItselfAGoproxyTree() throws Exception {
        Map<String, JsonNode> file = download("file://" + data.toAbsolutePath(), "filetree", tree.versions());
        assertSameSums(file, "GOPROXY=file://DATA");
    }
}
