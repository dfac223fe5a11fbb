package dev.modgate.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** zip.strToFold and unicode.SimpleFold. */
class GoStringsFoldTest {
    @Test
    void simpleFoldOrbits() {
        // unicode.SimpleFold examples from Go's documentation.
        assertThat(GoStrings.simpleFold('A')).isEqualTo('a');
        assertThat(GoStrings.simpleFold('a')).isEqualTo('A');
        assertThat(GoStrings.simpleFold('K')).isEqualTo('k');
        assertThat(GoStrings.simpleFold('k')).isEqualTo(0x212A);
        assertThat(GoStrings.simpleFold(0x212A)).isEqualTo('K');
        assertThat(GoStrings.simpleFold('1')).isEqualTo('1');
        assertThat(GoStrings.simpleFold(-2)).isEqualTo(-2);
        // Orbits of the caseOrbit table and plain upper/lower pairs.
        assertThat(GoStrings.simpleFold(0x00B5)).isEqualTo(0x039C);
        assertThat(GoStrings.simpleFold(0x0130)).isEqualTo(0x0130);
        assertThat(GoStrings.simpleFold(0x00E9)).isEqualTo(0x00C9);
        assertThat(GoStrings.simpleFold(0x00C9)).isEqualTo(0x00E9);
    }

    @Test
    void toFold() {
        assertThat(GoStrings.toFold("abc/def.go")).isSameAs("abc/def.go").isNotNull();
        assertThat(GoStrings.toFold("M.GO")).isEqualTo("m.go");
        // Kelvin sign, K and k share one key; so do long s, S and s; and the three sigmas.
        assertThat(GoStrings.toFold("\u212A")).isEqualTo(GoStrings.toFold("k")).isEqualTo("k");
        assertThat(GoStrings.toFold("\u017F")).isEqualTo("s");
        assertThat(GoStrings.toFold("\u03C2")).isEqualTo(GoStrings.toFold("\u03A3")).isEqualTo(GoStrings.toFold("\u03C3"));
        assertThat(GoStrings.toFold("\u00C9T\u00C9")).isEqualTo(GoStrings.toFold("\u00E9t\u00E9"));
        // Dotted capital I folds to nothing else: it differs from i.
        assertThat(GoStrings.toFold("\u0130")).isNotEqualTo(GoStrings.toFold("i"));
        assertThat(GoStrings.equalFold("Go.Mod", "go.mod")).isTrue();
        // Invalid UTF-8 bytes all read as U+FFFD, so they fold alike.
        assertThat(GoStrings.toFold("\uDCFF")).isEqualTo(GoStrings.toFold("\uDCFE")).isEqualTo("\uFFFD");
    }

    @Test
    void isSpace() {
        assertThat(GoStrings.isSpace(' ')).isTrue();
        assertThat(GoStrings.isSpace(0x85)).isTrue();
        assertThat(GoStrings.isSpace(0xA0)).isTrue();
        assertThat(GoStrings.isSpace(0x2009)).isTrue();
        assertThat(GoStrings.isSpace(0x200B)).isFalse();
        assertThat(GoStrings.isSpace('x')).isFalse();
    }
}
