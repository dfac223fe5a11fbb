package dev.modgate.core.module;

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

/** MatchPrefixPatterns (module_tests.json and extra) and path.Match (path/match_test.go table and extra). */
class PathPatternsVectorsTest {
    private static final JsonNode UPSTREAM = Vectors.load("module/module_tests.json");
    private static final JsonNode EXTRA = Vectors.load("modgate/x_mod_extra.json");

    @TestFactory
    Stream<DynamicTest> matchPrefixPatterns() {
        return Stream.concat(rows(UPSTREAM, "matchPrefixPatterns").stream(), rows(EXTRA, "matchPrefixPatterns").stream())
                .map(row -> {
                    String globs = goString(row.get("globs"));
                    String target = goString(row.get("target"));
                    boolean want = row.get("want").asBoolean();
                    return dynamicTest("matchPrefixPatterns(" + q(globs) + ", " + q(target) + ") = " + want, () -> {
                        assertThat(PathPatterns.matchPrefixPatterns(globs, target)).isEqualTo(want);
                        assertThat(PathPatterns.of(globs).matches(target)).isEqualTo(want);
                    });
                });
    }

    @TestFactory
    Stream<DynamicTest> pathMatch() {
        return rows(EXTRA, "pathMatch").stream().map(row -> {
            String pattern = goString(row.get("pattern"));
            String name = goString(row.get("name"));
            String err = text(row, "err");
            boolean want = row.get("match").asBoolean();
            return dynamicTest("match(" + q(pattern) + ", " + q(name) + ")", () -> {
                if (err == null) {
                    assertThat(PathMatch.match(pattern, name)).isEqualTo(want);
                } else {
                    assertThatThrownBy(() -> PathMatch.match(pattern, name))
                            .isInstanceOf(PathMatch.BadPatternException.class).hasMessage(err);
                }
            });
        });
    }
}
