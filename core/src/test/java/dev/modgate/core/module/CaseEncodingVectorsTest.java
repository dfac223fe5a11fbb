package dev.modgate.core.module;

import static dev.modgate.core.testing.Vectors.assertOutcome;
import static dev.modgate.core.testing.Vectors.goBytes;
import static dev.modgate.core.testing.Vectors.goString;
import static dev.modgate.core.testing.Vectors.q;
import static dev.modgate.core.testing.Vectors.rows;
import static dev.modgate.core.testing.Vectors.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.testing.Vectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Escaping of module paths and versions: module_tests.json and the generated extra tables. */
class CaseEncodingVectorsTest {
    private static final JsonNode UPSTREAM = Vectors.load("module/module_tests.json");
    private static final JsonNode EXTRA = Vectors.load("modgate/x_mod_extra.json");

    @TestFactory
    Stream<DynamicTest> escapePath() {
        return rows(UPSTREAM, "escapePath").stream().map(row -> {
            String path = row.get("path").asText();
            String escaped = row.get("escaped").asText();
            return dynamicTest("escapePath(" + q(path) + ")", () -> {
                assertThat(CaseEncoding.escapePath(path)).isEqualTo(escaped);
                // module_test.go TestUnescapePath decodes every escapeTests entry back.
                assertThat(CaseEncoding.unescapePath(escaped)).isEqualTo(path);
                assertThat(CaseEncoding.unescapePath(escaped.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .isEqualTo(path);
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> badUnescapePath() {
        return rows(UPSTREAM, "badUnescapePath").stream().map(row -> {
            String escaped = row.get("escaped").asText();
            String err = row.get("err").asText();
            return dynamicTest("unescapePath(" + q(escaped) + ") fails", () ->
                    assertOutcome(() -> CaseEncoding.unescapePath(escaped), err));
        });
    }

    /** Generated: UnescapePath of module_test.go's checkPathTests and badUnescape plus edge cases. */
    @TestFactory
    Stream<DynamicTest> extraUnescapePath() {
        return rows(EXTRA, "unescapePath").stream().map(row -> {
            String escaped = goString(row.get("escaped"));
            String err = text(row, "err");
            String path = goString(row.get("path"));
            return dynamicTest("unescapePath(" + q(escaped) + ")", () -> {
                assertOutcome(() -> assertThat(CaseEncoding.unescapePath(escaped)).isEqualTo(path), err);
                byte[] bytes = goBytes(row.get("escaped"));
                assertOutcome(() -> assertThat(CaseEncoding.unescapePath(bytes)).isEqualTo(path), err);
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> upstreamEscapeVersion() {
        return rows(UPSTREAM, "escapeVersion").stream().map(row -> {
            String version = row.get("version").asText();
            return dynamicTest("escapeVersion(" + q(version) + ")", () -> {
                String err = text(row, "err");
                if (err != null) {
                    assertOutcome(() -> CaseEncoding.escapeVersion(version), err);
                    assertThatThrownBy(() -> CaseEncoding.escapeVersion(version))
                            .isInstanceOf(InvalidVersionException.class);
                    return;
                }
                String escaped = row.get("escaped").asText();
                assertThat(CaseEncoding.escapeVersion(version)).isEqualTo(escaped);
                assertOutcome(() -> assertThat(CaseEncoding.unescapeVersion(escaped))
                        .isEqualTo(row.get("unescaped").asText()), text(row, "unescapeErr"));
            });
        });
    }

    /** Generated: EscapeVersion and UnescapeVersion applied to the same inputs. */
    @TestFactory
    Stream<DynamicTest> extraVersions() {
        return rows(EXTRA, "versions").stream().map(row -> {
            String version = goString(row.get("version"));
            return dynamicTest("escape/unescapeVersion(" + q(version) + ")", () -> {
                assertOutcome(() -> assertThat(CaseEncoding.escapeVersion(version))
                        .isEqualTo(goString(row.get("escaped"))), text(row, "escapeErr"));
                String unescapeErr = text(row, "unescapeErr");
                assertOutcome(() -> assertThat(CaseEncoding.unescapeVersion(version))
                        .isEqualTo(goString(row.get("unescaped"))), unescapeErr);
                byte[] bytes = goBytes(row.get("version"));
                assertOutcome(() -> assertThat(CaseEncoding.unescapeVersion(bytes))
                        .isEqualTo(goString(row.get("unescaped"))), unescapeErr);
            });
        });
    }
}
