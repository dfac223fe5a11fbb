package dev.modgate.core.dirhash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.core.dirhash.GoSum.Line;
import dev.modgate.core.module.ModuleVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoSumTest {
    private static final String SAMPLE = """
            golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c h1:qgOY6WgZOaTkIIMiVjBQcw93ERBE4m30iBm00nkL0i8=
            golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=
            rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=
            rsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=
            """;

    @Test
    void parsesLinesAndSkipsBlankOnes() {
        List<Line> lines = GoSum.parse("go.sum", ("\n" + SAMPLE + "  \t\n").getBytes(UTF_8));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).isEqualTo(new Line("golang.org/x/text", "v0.0.0-20170915032832-14c0d48ead0c/go.mod",
                "h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ="));
        assertThat(lines.get(1).isGoMod()).isTrue();
        assertThat(lines.get(1).module()).isEqualTo(new ModuleVersion("golang.org/x/text", "v0.0.0-20170915032832-14c0d48ead0c"));
        assertThat(lines.get(2).isGoMod()).isFalse();
    }

    @Test
    void wrongNumberOfFields() {
        assertThatThrownBy(() -> GoSum.parse("/x/go.sum", "a v1.0.0 h1:x\nb v1.0.0\n".getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed go.sum:\n/x/go.sum:2: wrong number of fields 2");
    }

    @Test
    void dropsTheEmptyGoModHash() {
        assertThat(GoSum.parse("go.sum", ("x v1.0.0/go.mod " + GoSum.EMPTY_GO_MOD_HASH + "\n").getBytes(UTF_8))).isEmpty();
    }

    @Test
    void formatSortsLikeTheGoCommand() {
        List<Line> lines = new ArrayList<>(GoSum.parse("go.sum", SAMPLE.getBytes(UTF_8)));
        lines.add(Line.zip(new ModuleVersion("rsc.io/quote", "v1.10.0"), "h1:b"));
        lines.add(Line.zip(new ModuleVersion("rsc.io/quote", "v1.10.0"), "h1:a"));
        lines.add(Line.zip(new ModuleVersion("rsc.io/quote", "v1.10.0"), "h1:a"));
        lines.add(Line.goMod(new ModuleVersion("rsc.io/quote", "v1.10.0"), "h1:c"));
        Collections.reverse(lines);
        assertThat(GoSum.format(lines)).isEqualTo(SAMPLE + """
                rsc.io/quote v1.10.0 h1:a
                rsc.io/quote v1.10.0 h1:b
                rsc.io/quote v1.10.0/go.mod h1:c
                """);
    }
}
