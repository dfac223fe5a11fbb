package dev.modgate.core.module;

import static dev.modgate.core.testing.Vectors.assertOutcome;
import static dev.modgate.core.testing.Vectors.goBytes;
import static dev.modgate.core.testing.Vectors.goString;
import static dev.modgate.core.testing.Vectors.q;
import static dev.modgate.core.testing.Vectors.required;
import static dev.modgate.core.testing.Vectors.rows;
import static dev.modgate.core.testing.Vectors.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.testing.Vectors;
import dev.modgate.core.text.GoStrings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** module_tests.json (golang.org/x/mod module_test.go with outputs) and the generated extra module tables. */
class ModulePathVectorsTest {
    private static final JsonNode UPSTREAM = Vectors.load("module/module_tests.json");
    private static final JsonNode EXTRA = Vectors.load("modgate/x_mod_extra.json");

    @TestFactory
    Stream<DynamicTest> check() {
        return Stream.concat(rows(UPSTREAM, "check").stream(), rows(EXTRA, "check").stream()).map(row -> {
            String path = required(row, "path");
            String version = required(row, "version");
            String err = text(row, "err");
            return dynamicTest("check(" + q(path) + ", " + q(version) + ")", () -> {
                if (row.has("ok")) {
                    assertThat(err == null).as("vector consistency").isEqualTo(row.get("ok").asBoolean());
                }
                assertOutcome(() -> ModulePath.check(path, version), err);
            });
        });
    }

    /** The upstream checkPath table: module/import/file verdicts and errors, split, escape, byte input. */
    @TestFactory
    Stream<DynamicTest> upstreamCheckPath() {
        return rows(UPSTREAM, "checkPath").stream().map(row -> {
            String path = goString(row.get("path"));
            return dynamicTest("checkPath table " + q(path), () -> {
                String modErr = text(row, "checkPathErr");
                String importErr = text(row, "checkImportPathErr");
                String fileErr = text(row, "checkFilePathErr");
                assertThat(modErr == null).as("modOK").isEqualTo(row.get("modOK").asBoolean());
                assertThat(importErr == null).as("importOK").isEqualTo(row.get("importOK").asBoolean());
                assertThat(fileErr == null).as("fileOK").isEqualTo(row.get("fileOK").asBoolean());
                assertPathRules(row, path, modErr, importErr, fileErr);
            });
        });
    }

    /** Generated: edge cases and a seeded random sample of paths, with Go's verdicts. */
    @TestFactory
    Stream<DynamicTest> extraCheckPath() {
        return rows(EXTRA, "paths").stream().map(row -> {
            String path = goString(row.get("path"));
            return dynamicTest("checkPath extra " + q(path), () -> assertPathRules(row, path,
                    text(row, "checkPathErr"), text(row, "importPathErr"), text(row, "filePathErr")));
        });
    }

    private static void assertPathRules(JsonNode row, String path, String modErr, String importErr, String fileErr) {
        if (row.get("path").has("goquoted")) {
            assertThat(GoStrings.quote(path)).as("quoted").isEqualTo(row.get("path").get("goquoted").asText());
        }
        assertOutcome(() -> ModulePath.checkPath(path), modErr);
        assertOutcome(() -> ModulePath.checkImportPath(path), importErr);
        assertOutcome(() -> ModulePath.checkFilePath(path), fileErr);

        byte[] bytes = goBytes(row.get("path"));
        assertOutcome(() -> assertThat(ModulePath.checkPath(bytes)).isEqualTo(path), modErr);
        assertOutcome(() -> assertThat(ModulePath.checkImportPath(bytes)).isEqualTo(path), importErr);
        assertOutcome(() -> assertThat(ModulePath.checkFilePath(bytes)).isEqualTo(path), fileErr);

        if (modErr != null) {
            assertThatThrownBy(() -> ModulePath.checkPath(path)).isInstanceOfSatisfying(InvalidPathException.class, e -> {
                assertThat(e.kind()).isEqualTo(PathKind.MODULE);
                assertThat(e.path()).isEqualTo(path);
                assertThat("malformed module path " + GoStrings.quote(path) + ": " + e.reason()).isEqualTo(modErr);
            });
        }

        JsonNode split = row.get("split");
        PathSplit got = ModulePath.splitPathVersion(path);
        assertThat(got).as("splitPathVersion").isEqualTo(
                new PathSplit(goString(split.get("prefix")), goString(split.get("pathMajor")), split.get("ok").asBoolean()));
        // module_test.go TestSplitPathVersion: the parts always add up to the path.
        assertThat(got.prefix() + got.pathMajor()).isEqualTo(path);

        String escaped = text(row, "escaped");
        String escapeErr = text(row, "escapeErr");
        assertThat(escaped == null).as("escape outcome recorded").isNotEqualTo(escapeErr == null);
        assertOutcome(() -> assertThat(CaseEncoding.escapePath(path)).isEqualTo(escaped), escapeErr);
        if (escaped != null) {
            assertThat(CaseEncoding.unescapePath(escaped)).as("unescape round trip").isEqualTo(path);
        }
    }

    @TestFactory
    Stream<DynamicTest> splitPathVersion() {
        return rows(UPSTREAM, "splitPathVersion").stream().map(row -> {
            String path = row.get("path").asText();
            return dynamicTest("splitPathVersion(" + q(path) + ")", () -> assertThat(ModulePath.splitPathVersion(path))
                    .isEqualTo(new PathSplit(row.get("prefix").asText(), row.get("pathMajor").asText(), true)));
        });
    }

    @TestFactory
    Stream<DynamicTest> matchPathMajor() {
        Stream<DynamicTest> upstream = rows(UPSTREAM, "matchPathMajor").stream().map(row ->
                pathMajorTest(row.get("v").asText(), row.get("pathMajor").asText(), row.get("want").asBoolean(),
                        text(row, "checkPathMajorErr")));
        Stream<DynamicTest> extra = rows(EXTRA, "checkPathMajor").stream().map(row ->
                pathMajorTest(row.get("v").asText(), row.get("pathMajor").asText(), row.get("match").asBoolean(),
                        text(row, "err")));
        return Stream.concat(upstream, extra);
    }

    private static DynamicTest pathMajorTest(String v, String pathMajor, boolean want, String err) {
        return dynamicTest("checkPathMajor(" + q(v) + ", " + q(pathMajor) + ")", () -> {
            assertThat(ModulePath.matchPathMajor(v, pathMajor)).isEqualTo(want);
            assertOutcome(() -> ModulePath.checkPathMajor(v, pathMajor), err);
            if (err != null) {
                assertThatThrownBy(() -> ModulePath.checkPathMajor(v, pathMajor))
                        .isInstanceOf(InvalidVersionException.class);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> pathMajorPrefix() {
        return rows(EXTRA, "pathMajorPrefix").stream().map(row -> {
            String pathMajor = row.get("pathMajor").asText();
            return dynamicTest("pathMajorPrefix(" + q(pathMajor) + ")", () -> {
                String panic = text(row, "panic");
                if (panic == null) {
                    assertThat(ModulePath.pathMajorPrefix(pathMajor)).isEqualTo(row.get("prefix").asText());
                } else {
                    assertThatThrownBy(() -> ModulePath.pathMajorPrefix(pathMajor))
                            .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(panic);
                }
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> canonicalVersion() {
        return rows(EXTRA, "canonicalVersion").stream().map(row -> {
            String v = row.get("v").asText();
            return dynamicTest("canonicalVersion(" + q(v) + ")",
                    () -> assertThat(ModulePath.canonicalVersion(v)).isEqualTo(row.get("canonical").asText()));
        });
    }

    /** module.Sort of a list whose order Go's less function fully determines, from many shuffles. */
    @TestFactory
    Stream<DynamicTest> sort() {
        List<ModuleVersion> golden = rows(EXTRA, "moduleSort").stream()
                .map(r -> new ModuleVersion(r.get("Path").asText(), r.has("Version") ? r.get("Version").asText() : ""))
                .toList();
        return new Random(3).ints(20).mapToObj(seed -> dynamicTest("sort shuffled with seed " + seed, () -> {
            List<ModuleVersion> list = new ArrayList<>(golden);
            Collections.shuffle(list, new Random(seed));
            ModulePath.sort(list);
            assertThat(list).containsExactlyElementsOf(golden);
        }));
    }
}
