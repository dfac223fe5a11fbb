package dev.modgate.core.module;

import static dev.modgate.core.testing.Vectors.assertOutcome;
import static dev.modgate.core.testing.Vectors.q;
import static dev.modgate.core.testing.Vectors.rows;
import static dev.modgate.core.testing.Vectors.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.semver.Semver;
import dev.modgate.core.testing.Vectors;
import dev.modgate.core.text.GoStrings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** pseudo_tests.json (golang.org/x/mod pseudo_test.go with outputs) and the generated extra pseudo tables. */
class PseudoVersionVectorsTest {
    private static final JsonNode UPSTREAM = Vectors.load("module/pseudo_tests.json");
    private static final JsonNode EXTRA = Vectors.load("modgate/x_mod_extra.json");

    private static String syntaxError(String v) {
        return "pseudo-version " + GoStrings.quote(v) + " invalid: syntax error";
    }

    @TestFactory
    Stream<DynamicTest> pseudoVersion() {
        return rows(UPSTREAM, "pseudoVersion").stream().map(row -> {
            String major = row.get("major").asText();
            String older = row.get("older").asText();
            String version = row.get("version").asText();
            return dynamicTest("pseudo-version " + q(major) + ", " + q(older) + " -> " + version, () -> {
                Instant t = Instant.parse(row.get("time").asText());
                assertThat(PseudoVersion.build(major, older, t, row.get("rev").asText())).isEqualTo(version);
                assertThat(PseudoVersion.isPseudo(version)).isEqualTo(row.get("isPseudo").asBoolean());
                assertThat(PseudoVersion.isPseudo(older)).isEqualTo(row.get("olderIsPseudo").asBoolean());
                assertThat(PseudoVersion.time(version)).isEqualTo(Instant.parse(row.get("parsedTime").asText()));
                assertThat(PseudoVersion.rev(version)).isEqualTo(row.get("parsedRev").asText());
                assertOutcome(() -> assertThat(PseudoVersion.base(version)).isEqualTo(row.get("base").asText()),
                        text(row, "baseErr"));
                // pseudo_test.go: the older (tagged) versions are not pseudo-versions.
                assertOutcome(() -> PseudoVersion.time(older), syntaxError(older));
                assertOutcome(() -> PseudoVersion.rev(older), syntaxError(older));
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> invalidPseudoBase() {
        return rows(UPSTREAM, "invalidPseudoBase").stream().map(row -> {
            String version = row.get("version").asText();
            return dynamicTest("base(" + q(version) + ") fails", () -> {
                assertThat(row.get("base").asText()).isEmpty();
                assertOutcome(() -> PseudoVersion.base(version), row.get("err").asText());
                assertThatThrownBy(() -> PseudoVersion.base(version))
                        .isInstanceOfSatisfying(InvalidVersionException.class, e -> assertThat(e.pseudo()).isTrue());
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> decimals() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode pair : rows(UPSTREAM, "incDecimal")) {
            String in = pair.get(0).asText();
            String want = pair.get(1).asText();
            tests.add(dynamicTest("incDecimal(" + q(in) + ")",
                    () -> assertThat(PseudoVersion.incDecimal(in)).isEqualTo(want)));
        }
        for (JsonNode pair : rows(UPSTREAM, "decDecimal")) {
            String in = pair.get(0).asText();
            String want = pair.get(1).asText();
            tests.add(dynamicTest("decDecimal(" + q(in) + ")",
                    () -> assertThat(PseudoVersion.decDecimal(in)).isEqualTo(want)));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> zero() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode file : List.of(UPSTREAM, EXTRA)) {
            file.get("zeroPseudoVersion").properties().forEach(e -> {
                String major = e.getKey();
                String want = e.getValue().asText();
                tests.add(dynamicTest("zero(" + q(major) + ")", () -> {
                    assertThat(PseudoVersion.zero(major)).isEqualTo(want);
                    // A zero pseudo-version built on a non-version "major" such as "bad" is not one Go recognizes.
                    assertThat(PseudoVersion.isZero(want)).isEqualTo(major.isEmpty() || Semver.isValid(major));
                }));
            });
        }
        assertThat(tests).hasSizeGreaterThan(2);
        return tests.stream();
    }

    /** Generated: isPseudo, isZero, base, time and rev of edge cases, including Go's "---" of pseudo_test.go. */
    @TestFactory
    Stream<DynamicTest> extraParse() {
        return rows(EXTRA, "pseudo").stream().map(row -> {
            String v = row.get("version").asText();
            return dynamicTest("parse " + q(v), () -> {
                assertThat(PseudoVersion.isPseudo(v)).as("isPseudo").isEqualTo(row.get("isPseudo").asBoolean());
                assertThat(PseudoVersion.isZero(v)).as("isZero").isEqualTo(row.get("isZero").asBoolean());
                assertOutcome(() -> assertThat(PseudoVersion.base(v)).isEqualTo(row.get("base").asText()),
                        text(row, "baseErr"));
                assertOutcome(() -> assertThat(PseudoVersion.rev(v)).isEqualTo(row.get("rev").asText()),
                        text(row, "revErr"));
                String timeErr = text(row, "timeErr");
                assertOutcome(() -> assertThat(PseudoVersion.time(v))
                        .isEqualTo(timeErr == null ? Instant.parse(row.get("time").asText()) : null), timeErr);
            });
        });
    }

    /** Generated: PseudoVersion for odd older versions and times (pre-year-1, post-9999, fractions, zones). */
    @TestFactory
    Stream<DynamicTest> extraBuild() {
        return rows(EXTRA, "pseudoBuild").stream().map(row -> {
            String major = row.get("major").asText();
            String older = row.get("older").asText();
            Instant t = Instant.ofEpochSecond(row.get("unixSeconds").asLong(), row.get("nanos").asLong());
            String rev = row.get("rev").asText();
            String want = row.get("version").asText();
            return dynamicTest("build(" + q(major) + ", " + q(older) + ", " + t + ") = " + want,
                    () -> assertThat(PseudoVersion.build(major, older, t, rev)).isEqualTo(want));
        });
    }
}
