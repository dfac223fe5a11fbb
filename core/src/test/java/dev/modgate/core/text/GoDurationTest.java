package dev.modgate.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GoDuration against Go's own ParseDuration tables (test resource parse-duration-go1.19.txt, printed by Go). */
class GoDurationTest {
    static Stream<Arguments> goCases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = GoDurationTest.class.getResourceAsStream("parse-duration-go1.19.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                String input = unquote(f[0]);
                out.add(f[1].equals("error") ? Arguments.of(input, null, f[2]) : Arguments.of(input, Long.parseLong(f[1]), null));
            }
        }
        assertThat(out).hasSizeGreaterThan(50);
        return out.stream();
    }

    /** strconv.Quote's output for these inputs: printable text with \" and \\ escaped. */
    private static String unquote(String q) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < q.length() - 1; i++) {
            char c = q.charAt(i);
            if (c == '\\') c = q.charAt(++i);
            b.append(c);
        }
        return b.toString();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("goCases")
    void asGoParsesIt(String input, Long nanos, String errorContains) {
        if (nanos != null) {
            assertThat(GoDuration.parse(input)).isEqualTo(Duration.ofNanos(nanos));
        } else {
            assertThatThrownBy(() -> GoDuration.parse(input)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("time: ").hasMessageContaining(errorContains);
        }
    }

    @Test
    void goMessagesWithHowToWriteOne() {
        assertThatThrownBy(() -> GoDuration.parse("5", "--list-ttl")).hasMessage(
                "--list-ttl: time: missing unit in duration \"5\" (durations are written as in Go: 30s, 5m, 1h30m, 500ms; a bare number only as 0)");
        assertThatThrownBy(() -> GoDuration.parse("1d")).hasMessageStartingWith("time: unknown unit \"d\" in duration \"1d\"");
        assertThatThrownBy(() -> GoDuration.parse("3000000h")).hasMessageStartingWith("time: invalid duration \"3000000h\"");
        assertThatThrownBy(() -> GoDuration.parse(" 5s")).hasMessageStartingWith("time: invalid duration \" 5s\"");
    }

    @Test
    void theFormsOperatorsWrite() {
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parse("0")).isZero();
        assertThat(GoDuration.format(Duration.ofMinutes(10))).isEqualTo("10m");
    }
}
