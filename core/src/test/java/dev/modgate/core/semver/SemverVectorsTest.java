package dev.modgate.core.semver;

import static dev.modgate.core.testing.Vectors.goString;
import static dev.modgate.core.testing.Vectors.q;
import static dev.modgate.core.testing.Vectors.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.testing.Vectors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** semver_tests.json (golang.org/x/mod semver_test.go with outputs) and the generated extra semver tables. */
class SemverVectorsTest {
    private static final JsonNode UPSTREAM = Vectors.load("semver/semver_tests.json");
    private static final JsonNode EXTRA = Vectors.load("modgate/x_mod_extra.json");

    private static List<String> inputs(JsonNode file, String table, String field) {
        return rows(file, table).stream().map(r -> goString(r.get(field))).toList();
    }

    private static Stream<DynamicTest> parts(List<JsonNode> table) {
        return table.stream().map(row -> {
            String in = goString(row.get("in"));
            return dynamicTest("parts of " + q(in), () -> {
                assertThat(Semver.isValid(in)).as("isValid").isEqualTo(row.get("isValid").asBoolean());
                assertThat(Semver.canonical(in)).as("canonical").isEqualTo(row.get("canonical").asText());
                assertThat(Semver.major(in)).as("major").isEqualTo(row.get("major").asText());
                assertThat(Semver.majorMinor(in)).as("majorMinor").isEqualTo(row.get("majorMinor").asText());
                assertThat(Semver.prerelease(in)).as("prerelease").isEqualTo(row.get("prerelease").asText());
                // The upstream JSON has no "build" for some rows; semver_test.go derives it from the input.
                assertThat(Semver.build(in)).as("build").isEqualTo(expectedBuild(row, in));
            });
        });
    }

    private static String expectedBuild(JsonNode row, String in) {
        if (row.has("build")) {
            return row.get("build").asText();
        }
        int plus = in.indexOf('+');
        return row.get("isValid").asBoolean() && plus >= 0 ? in.substring(plus) : "";
    }

    @TestFactory
    Stream<DynamicTest> upstreamParts() {
        return parts(rows(UPSTREAM, "tests"));
    }

    @TestFactory
    Stream<DynamicTest> extraParts() {
        return parts(rows(EXTRA, "semverParts"));
    }

    private static Stream<DynamicTest> compareMatrix(List<String> in, List<JsonNode> matrix) {
        assertThat(matrix).hasSize(in.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            for (int j = 0; j < in.size(); j++) {
                String v = in.get(i);
                String w = in.get(j);
                int want = matrix.get(i).get(j).asInt();
                tests.add(dynamicTest("compare(" + q(v) + ", " + q(w) + ") = " + want,
                        () -> assertThat(Semver.compare(v, w)).isEqualTo(want)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> upstreamCompareMatrix() {
        return compareMatrix(inputs(UPSTREAM, "tests", "in"), rows(UPSTREAM, "compareMatrix"));
    }

    @TestFactory
    Stream<DynamicTest> extraCompareMatrix() {
        return compareMatrix(inputs(EXTRA, "semverParts", "in"), rows(EXTRA, "semverCompareMatrix"));
    }

    /** semver_test.go TestMax: the table is in increasing order, so Max is the canonical form of the later one. */
    @TestFactory
    Stream<DynamicTest> upstreamMaxMatrix() {
        List<String> in = inputs(UPSTREAM, "tests", "in");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            for (int j = 0; j < in.size(); j++) {
                String v = in.get(i);
                String w = in.get(j);
                String want = Semver.canonical(i < j ? w : v);
                tests.add(dynamicTest("max(" + q(v) + ", " + q(w) + ") = " + q(want),
                        () -> assertThat(Semver.max(v, w)).isEqualTo(want)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> extraMaxMatrix() {
        List<String> in = inputs(EXTRA, "semverParts", "in");
        List<JsonNode> matrix = rows(EXTRA, "semverMaxMatrix");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            for (int j = 0; j < in.size(); j++) {
                String v = in.get(i);
                String w = in.get(j);
                String want = goString(matrix.get(i).get(j));
                tests.add(dynamicTest("max(" + q(v) + ", " + q(w) + ") = " + q(want),
                        () -> assertThat(Semver.max(v, w)).isEqualTo(want)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> extraCompare() {
        return rows(UPSTREAM, "extraCompare").stream().map(row -> {
            String a = row.get("a").asText();
            String b = row.get("b").asText();
            return dynamicTest("compare/max " + q(a) + " " + q(b), () -> {
                assertThat(Semver.compare(a, b)).isEqualTo(row.get("compare").asInt());
                assertThat(Semver.compare(b, a)).isEqualTo(-row.get("compare").asInt());
                assertThat(Semver.max(a, b)).isEqualTo(row.get("max").asText());
            });
        });
    }

    private static Stream<DynamicTest> sortShuffled(List<String> golden, String name) {
        return new Random(42).ints(25).mapToObj(seed -> dynamicTest(name + " shuffled with seed " + seed, () -> {
            List<String> list = new ArrayList<>(golden);
            Collections.shuffle(list, new Random(seed));
            Semver.sort(list);
            assertThat(list).containsExactlyElementsOf(golden);
        }));
    }

    @TestFactory
    Stream<DynamicTest> upstreamSortGolden() {
        List<String> golden = rows(UPSTREAM, "sortGolden").stream().map(Vectors::goString).toList();
        return sortShuffled(golden, "sortGolden");
    }

    @TestFactory
    Stream<DynamicTest> extraSortGolden() {
        List<String> golden = rows(EXTRA, "semverSorted").stream().map(Vectors::goString).toList();
        return sortShuffled(golden, "semverSorted");
    }

    /** semver_test.go TestSort: the result is ordered by ByVersion. */
    @Test
    void sortResultIsOrderedByVersion() {
        List<String> list = new ArrayList<>(rows(UPSTREAM, "tests").stream().map(r -> r.get("in").asText()).toList());
        Collections.shuffle(list, new Random(7));
        Semver.sort(list);
        for (int i = 1; i < list.size(); i++) {
            assertThat(Semver.BY_VERSION.compare(list.get(i - 1), list.get(i))).isLessThanOrEqualTo(0);
        }
    }
}
