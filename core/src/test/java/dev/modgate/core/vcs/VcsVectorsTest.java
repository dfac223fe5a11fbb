package dev.modgate.core.vcs;

import static dev.modgate.core.testing.Vectors.q;
import static dev.modgate.core.testing.Vectors.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** cmd/go/internal/vcs's test tables (discovery_test.go, vcs_test.go), as data in vectors/vcs/vcs_tests.json. */
class VcsVectorsTest {
    private static final JsonNode V = Vectors.load("vcs/vcs_tests.json");

    private static List<MetaImport> imports(JsonNode arr) {
        List<MetaImport> out = new ArrayList<>();
        arr.forEach(n -> out.add(new MetaImport(n.get("prefix").asText(), n.get("vcs").asText(), n.get("repo").asText())));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> parseMetaGoImports() {
        return rows(V, "parseMetaGoImports").stream().map(row -> dynamicTest(q(row.get("in").asText()), () -> {
            List<MetaImport> got = MetaImports.parse(row.get("in").asText().getBytes(StandardCharsets.UTF_8), row.get("preferMod").asBoolean());
            assertThat(got).isEqualTo(imports(row.get("out")));
        }));
    }

    @TestFactory
    Stream<DynamicTest> matchGoImport() {
        return rows(V, "matchGoImport").stream().map(row -> dynamicTest(row.get("path").asText(), () -> {
            List<MetaImport> in = imports(row.get("imports"));
            String path = row.get("path").asText();
            JsonNode want = row.get("want");
            if (want.isNull()) {
                assertThatThrownBy(() -> MetaImport.match(in, path)).isInstanceOf(ImportPathException.class);
            } else {
                assertThat(MetaImport.match(in, path)).isEqualTo(new MetaImport(want.get("prefix").asText(), want.get("vcs").asText(), want.get("repo").asText()));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> validateRepoRoot() {
        return rows(V, "validateRepoRoot").stream().map(row -> dynamicTest(q(row.get("root").asText()), () -> {
            String root = row.get("root").asText();
            if (row.get("ok").asBoolean()) {
                MetaImport.validateRepoRoot(root);
            } else {
                assertThatThrownBy(() -> MetaImport.validateRepoRoot(root)).isInstanceOf(ImportPathException.class);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> repoRootFromVCSPaths() {
        return rows(V, "repoRootFromVCSPaths").stream().map(row -> dynamicTest(row.get("path").asText(), () -> {
            String path = row.get("path").asText();
            JsonNode want = row.get("want");
            if (want.isTextual() && want.asText().equals("error")) {
                assertThatThrownBy(() -> VcsPaths.lookup(path)).isInstanceOf(ImportPathException.class);
                return;
            }
            Optional<StaticRoot> got = VcsPaths.lookup(path);
            if (want.isTextual() && want.asText().equals("dynamic")) {
                assertThat(got).as("needs ?go-get=1 discovery").isEmpty();
                return;
            }
            assertThat(got).isPresent();
            assertThat(got.get().vcs()).isEqualTo(want.get("vcs").asText());
            if (want.has("schemeless")) {
                assertThat(got.get().schemeless()).isTrue();
                assertThat(got.get().repo()).isEqualTo(want.get("schemeless").asText());
                assertThat(got.get().root()).isEqualTo(want.get("root").asText());
            } else {
                assertThat(got.get().schemeless()).isFalse();
                assertThat(got.get().repo()).isEqualTo(want.get("repo").asText());
            }
        }));
    }
}
