package dev.modgate.core.text;

import static dev.modgate.core.testing.Vectors.goBytes;
import static dev.modgate.core.testing.Vectors.goString;
import static dev.modgate.core.testing.Vectors.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** strconv.Quote, QuoteRune and Go string order, against outputs of Go 1.19 (generated extra vectors). */
class GoStringsTest {
    private static final JsonNode EXTRA = Vectors.load("modgate/x_mod_extra.json");

    @TestFactory
    Stream<DynamicTest> quote() {
        return rows(EXTRA, "quote").stream().map(row -> {
            String want = row.get("quoted").asText();
            return dynamicTest("quote -> " + want, () -> {
                String s = goString(row.get("in"));
                assertThat(GoStrings.quote(s)).isEqualTo(want);
                assertThat(GoStrings.toUtf8(s)).as("lossless round trip").isEqualTo(goBytes(row.get("in")));
                assertThat(GoStrings.isValidUtf8(s)).isEqualTo(row.get("in").isTextual());
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> quoteRune() {
        return rows(EXTRA, "quoteRune").stream().map(row -> {
            int r = row.get("rune").asInt();
            String want = row.get("quoted").asText();
            return dynamicTest("quoteRune(" + r + ") = " + want, () -> assertThat(GoStrings.quoteRune(r)).isEqualTo(want));
        });
    }

    @TestFactory
    Stream<DynamicTest> stringOrder() {
        List<String> golden = rows(EXTRA, "stringOrder").stream().map(Vectors::goString).toList();
        return new Random(11).ints(20).mapToObj(seed -> dynamicTest("Go byte order, shuffle seed " + seed, () -> {
            List<String> list = new ArrayList<>(golden);
            Collections.shuffle(list, new Random(seed));
            list.sort(GoStrings::compare);
            assertThat(list).containsExactlyElementsOf(golden);
        }));
    }

    /** Every byte sequence survives fromUtf8/toUtf8, and valid UTF-8 decodes as the JDK does. */
    @Test
    void utf8RoundTripOfRandomBytes() {
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(12)];
            random.nextBytes(b);
            if (i % 3 == 0) {
                for (int k = 0; k < b.length; k++) {
                    b[k] = (byte) (0x80 | b[k] & 0x3F | (k % 4 == 0 ? 0x40 : 0)); // mostly well-formed-looking
                }
            }
            String s = GoStrings.fromUtf8(b);
            assertThat(GoStrings.toUtf8(s)).isEqualTo(b);
            if (GoStrings.isValidUtf8(s)) {
                assertThat(s).isEqualTo(new String(b, StandardCharsets.UTF_8));
            }
        }
    }
}
