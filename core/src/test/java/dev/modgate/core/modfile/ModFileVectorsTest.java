package dev.modgate.core.modfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * go.mod and go.work files parsed by golang.org/x/mod/modfile: every case must give exactly Go's
 * values, or exactly Go's error text.
 */
class ModFileVectorsTest {

    /** Upstream read_test.go/rule_test.go tables and modgate's own cases (parse.json), strict and lax. */
    @TestFactory
    Stream<DynamicTest> parseCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Vectors.list(Vectors.read("parse.json").get("cases"))) {
            String file = c.get("file").asText();
            byte[] data = Vectors.data(c);
            VersionFixer fix = Vectors.fixer(c);
            String name = c.get("name").asText();
            tests.add(DynamicTest.dynamicTest(name + " [strict]",
                    () -> check(() -> Vectors.render(ModFile.parse(file, data, fix)), c.get("strict"))));
            tests.add(DynamicTest.dynamicTest(name + " [lax]",
                    () -> check(() -> Vectors.render(ModFile.parseLax(file, data, fix)), c.get("lax"))));
        }
        return tests.stream();
    }

    /** Upstream modfile/testdata, parsed under the names upstream's TestPrintParse uses. */
    @TestFactory
    Stream<DynamicTest> testdataFiles() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Vectors.list(Vectors.read("testdata.json").get("files"))) {
            String path = c.get("path").asText();
            byte[] data = Vectors.bytes(path);
            if (c.has("work")) {
                tests.add(DynamicTest.dynamicTest(path + " [work]",
                        () -> check(() -> Vectors.render(WorkFile.parse(path, data)), c.get("work"))));
            } else {
                tests.add(DynamicTest.dynamicTest(path + " [strict]",
                        () -> check(() -> Vectors.render(ModFile.parse(path, data)), c.get("strict"))));
                tests.add(DynamicTest.dynamicTest(path + " [lax]",
                        () -> check(() -> Vectors.render(ModFile.parseLax(path, data)), c.get("lax"))));
            }
        }
        return tests.stream();
    }

    /** go.work cases (work.json). */
    @TestFactory
    Stream<DynamicTest> workCases() {
        return Vectors.list(Vectors.read("work.json").get("cases")).stream().map(c -> DynamicTest.dynamicTest(
                c.get("name").asText(),
                () -> check(() -> Vectors.render(WorkFile.parse(c.get("file").asText(), Vectors.data(c), Vectors.fixer(c))),
                        c.get("work"))));
    }

    private static void check(Supplier<ObjectNode> parse, JsonNode expected) {
        ObjectNode actual;
        try {
            actual = parse.get();
        } catch (ModFileException e) {
            assertThat(e.getMessage()).isEqualTo(String.join("\n", e.errors()));
            actual = Vectors.error(e.getMessage());
        }
        assertThat(actual).isEqualTo(expected);
    }
}
