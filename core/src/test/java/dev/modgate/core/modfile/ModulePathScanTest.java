package dev.modgate.core.modfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** modfile.ModulePath, modfile.AutoQuote and the synthesized go.mod of modules without one. */
class ModulePathScanTest {

    @TestFactory
    Stream<DynamicTest> scanModulePath() {
        return Vectors.list(Vectors.read("modulepath.json").get("cases")).stream().map(c -> DynamicTest.dynamicTest(
                dev.modgate.core.text.GoStrings.quote(c.get("input").asText()),
                () -> assertThat(ModFile.scanModulePath(c.get("input").asText().getBytes(StandardCharsets.UTF_8)))
                        .isEqualTo(c.get("expected").asText())));
    }

    @TestFactory
    Stream<DynamicTest> autoQuote() {
        return Vectors.list(Vectors.read("autoquote.json").get("cases")).stream().map(c -> DynamicTest.dynamicTest(
                dev.modgate.core.text.GoStrings.quote(c.get("input").asText()),
                () -> {
                    String expected = c.get("expected").asText();
                    assertThat(ModFile.autoQuote(c.get("input").asText())).isEqualTo(expected);
                    assertThat(ModFile.mustQuote(c.get("input").asText())).isEqualTo(!expected.equals(c.get("input").asText()));
                }));
    }

    @Test
    void legacyGoModQuotesOnlyWhenNeeded() {
        assertThat(ModFile.legacyGoMod("example.com/m")).isEqualTo("module example.com/m\n");
        assertThat(ModFile.legacyGoMod("example.com/a b")).isEqualTo("module \"example.com/a b\"\n");
        assertThat(ModFile.legacyGoMod("")).isEqualTo("module \"\"\n");
    }

    @Test
    void legacyGoModParsesBackToItsPath() {
        for (String path : new String[] {"example.com/m", "gopkg.in/yaml.v3", "example.com/a b", "ünïcode.example/x"}) {
            byte[] data = ModFile.legacyGoMod(path).getBytes(StandardCharsets.UTF_8);
            assertThat(ModFile.parseLax("go.mod", data).modulePath()).isEqualTo(path);
            assertThat(ModFile.scanModulePath(data)).isEqualTo(path);
        }
    }
}
