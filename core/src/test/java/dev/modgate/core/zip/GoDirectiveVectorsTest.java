package dev.modgate.core.zip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.testing.Vectors;
import dev.modgate.core.text.GoStrings;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Whether a go.mod yields a go version under modfile.ParseLax, against x/mod's own answers for generated go.mod
 * texts (vectors/modgate/golax.json). The zip rules take the go 1.24 vendor rule from that version.
 */
class GoDirectiveVectorsTest {
    @TestFactory
    Stream<DynamicTest> parseLax() {
        JsonNode file = Vectors.load("modgate/golax.json");
        return Vectors.rows(file, "vectors").stream().map(row -> {
            String goMod = Vectors.required(row, "gomod");
            String want = Vectors.text(row, "go");
            return DynamicTest.dynamicTest(GoStrings.quote(goMod) + " -> " + want, () ->
                    assertThat(GoDirective.goVersion(GoStrings.toUtf8(goMod)) != null).as("has a go version").isEqualTo(want != null));
        });
    }
}
