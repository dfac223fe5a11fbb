package dev.modgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Version ranges hold exactly the versions the go command would order inside them (semver.Compare). */
class VersionRangeTest {
    private static final String PSEUDO_141 = "v1.4.1-0.20200101000000-abcdefabcdef";

    // RANGE -> VERSION -> whether the range holds it
    @ParameterizedTest(name = "[{index}] {0} holds {1}: {2}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            <v1.2.0               -> v1.1.9                                  -> true
            <v1.2.0               -> v1.2.0                                  -> false
            <v1.2.0               -> v1.2.0-rc.1                             -> true
            <v1.2.0               -> v1.3.0                                  -> false
            <=v1.2.0              -> v1.2.0                                  -> true
            <=v1.2.0              -> v1.2.1                                  -> false
            >v1.2.0               -> v1.2.0                                  -> false
            >v1.2.0               -> v1.2.1-rc.1                             -> true
            >v1.2.0               -> v1.2.0-rc.1                             -> false
            >=v1.2.0              -> v1.2.0                                  -> true
            >=v1.2.0              -> v1.2.0-rc.1                             -> false
            >=v1.2.0              -> v2.0.0+incompatible                     -> true
            =v1.2.0               -> v1.2.0                                  -> true
            =v1.2.0               -> v1.2.1                                  -> false
            !=v1.2.0              -> v1.2.1                                  -> true
            !=v1.2.0              -> v1.2.0                                  -> false
            v1.2.0                -> v1.2.0                                  -> true
            v1.2.0                -> v1.2.0-rc.1                             -> false
            v1.2.0                -> v1.20.0                                 -> false
            >= v1.2.0             -> v1.2.0                                  -> true
            >= v1.2.0             -> v1.1.0                                  -> false
            < v1.2.0              -> v1.1.0                                  -> true
            != v1.2.0             -> v1.2.0                                  -> false
            = v1.2.0              -> v1.2.0                                  -> true
            <=  v1.2.0            -> v1.2.0                                  -> true
            >=v1.2.0 <v1.5.0      -> v1.2.0                                  -> true
            >=v1.2.0 <v1.5.0      -> v1.4.9                                  -> true
            >=v1.2.0 <v1.5.0      -> v1.5.0                                  -> false
            >=v1.2.0 <v1.5.0      -> v1.1.0                                  -> false
            >= v1.2.0 < v1.5.0    -> v1.3.0                                  -> true
            >=v1.0.0 !=v1.3.0     -> v1.3.0                                  -> false
            >=v1.0.0 !=v1.3.0     -> v1.3.1                                  -> true
            <v1.0.0 || >=v2.0.0   -> v0.9.0                                  -> true
            <v1.0.0 || >=v2.0.0   -> v1.5.0                                  -> false
            <v1.0.0 || >=v2.0.0   -> v2.0.0                                  -> true
            v1.0.0 || v1.2.0 || v1.4.*  -> v1.2.0                            -> true
            v1.0.0 || v1.2.0 || v1.4.*  -> v1.4.7                            -> true
            v1.0.0 || v1.2.0 || v1.4.*  -> v1.3.0                            -> false
            >=v1.2.0 <v1.3.0 || >=v1.5.0 <v1.6.0 -> v1.5.5                      -> true
            >=v1.2.0 <v1.3.0 || >=v1.5.0 <v1.6.0 -> v1.4.0                      -> false
            v1.4.*                -> v1.4.0                                  -> true
            v1.4.*                -> v1.4.12                                 -> true
            v1.4.*                -> v1.4.0-rc.1                             -> true
            v1.4.*                -> v1.4.1-0.20200101000000-abcdefabcdef    -> true
            v1.4.*                -> v1.4.0-pre.0.20200101000000-abcdefabcdef -> true
            v1.4.*                -> v1.4.2+build.5                          -> true
            v1.4.*                -> v1.40.0                                 -> false
            v1.4.*                -> v1.41.0-rc.1                            -> false
            v1.4.*                -> v1.3.9                                  -> false
            v1.4.*                -> v1.5.0                                  -> false
            v1.4.*                -> v11.4.0                                 -> false
            v1.4.*                -> v1.4                                    -> true
            v1.*                  -> v1.0.0                                  -> true
            v1.*                  -> v1.99.3                                 -> true
            v1.*                  -> v1.4.1-0.20200101000000-abcdefabcdef    -> true
            v1.*                  -> v1.0.0-rc.1                             -> true
            v1.*                  -> v1                                      -> true
            v1.*                  -> v10.0.0                                 -> false
            v1.*                  -> v2.0.0                                  -> false
            v1.*                  -> v0.9.0                                  -> false
            v2.*                  -> v2.3.0+incompatible                     -> true
            v0.*                  -> v0.0.0-20200101000000-abcdefabcdef      -> true
            =v1.4.*               -> v1.4.3                                  -> true
            v1                    -> v1.0.0                                  -> true
            v1                    -> v1.0.1                                  -> false
            v1.2                  -> v1.2.0                                  -> true
            v1.2                  -> v1.2.1                                  -> false
            <v2                   -> v1.99.0                                 -> true
            <v2                   -> v2.0.0                                  -> false
            >=v1.2                -> v1.2.0                                  -> true
            >=v1.2                -> v1.1.9                                  -> false
            <=v1.2.0              -> v1.2                                    -> true
            v1.2.3                -> v1.2.3+build.7                          -> true
            !=v1.2.3              -> v1.2.3+other                            -> false
            <v1.2.3               -> v1.2.3+build.7                          -> false
            v2.0.0                -> v2.0.0+incompatible                     -> true
            <v2.0.0               -> v2.0.0+incompatible                     -> false
            <v2.0.0               -> v1.9.9+incompatible                     -> true
            <v1.0.0               -> v1.0.0-0.20200101000000-abcdefabcdef    -> true
            <v1.0.0               -> v0.0.0-20200101000000-abcdefabcdef      -> true
            <v1.0.0               -> v0.3.1-0.20200101000000-abcdefabcdef    -> true
            <v1.0.0               -> v1.0.0-rc.1                             -> true
            >v1.0.0-0.20200101000000-abcdefabcdef -> v1.0.0                  -> true
            <v1.4.1               -> v1.4.1-0.20200101000000-abcdefabcdef    -> true
            >v1.4.0               -> v1.4.1-0.20200101000000-abcdefabcdef    -> true
            >=v1.4.1              -> v1.4.1-0.20200101000000-abcdefabcdef    -> false
            >v1.0.0-0.20200101000000-abcdefabcdef -> v1.0.0-0.20210101000000-abcdefabcdef -> true
            >v1.0.0-rc.2          -> v1.0.0-rc.10                            -> true
            >v1.0.0-alpha         -> v1.0.0-alpha.1                          -> true
            >v1.0.0-beta          -> v1.0.0-alpha.9                          -> false
            <v1.2.0               -> 1.1.0                                   -> false
            <v1.2.0               -> v1.1                                    -> true
            !=v1.2.0              -> garbage                                 -> false
            !=v1.2.0              -> v1.2.3.4                                -> false
            v1.4.*                -> v1.4.x                                  -> false
            v1.4.*                -> v1.4.01                                 -> false
            >=v0.0.0              -> v01.0.0                                 -> false
            >=v0.0.0              -> ''                                      -> false
            <v1.2.0               -> v1.1.0-                                 -> false
            """)
    void holds(String range, String version, boolean expected) {
        assertThat(VersionRange.parse(range).contains(version)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void emptyIsAny(String text) {
        VersionRange r = VersionRange.parse(text);
        assertThat(r).isSameAs(VersionRange.ANY);
        assertThat(r.isAny()).isTrue();
        assertThat(r.toString()).isEmpty();
        assertThat(VersionRange.parse(List.of())).isSameAs(VersionRange.ANY);
    }

    /** A rule without a range is about the module, whatever its versions look like. */
    @ParameterizedTest
    @ValueSource(strings = {"v1.2.3", "garbage", "", "1.2.3", "v1.2.3.4", PSEUDO_141})
    void anyHoldsEveryVersionEvenInvalidOnes(String version) {
        assertThat(VersionRange.ANY.contains(version)).isTrue();
    }

    @Test
    void aRangeWithConstraintsIsNotAny() {
        VersionRange r = VersionRange.parse(">=v0.0.0");
        assertThat(r.isAny()).isFalse();
        assertThat(r.contains("v0.0.0")).isTrue();
        assertThat(r.contains("not-a-version")).isFalse();
    }

    /** The text is the tokens joined by one space: rule texts and explanations show it. */
    // RANGE -> its text
    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", textBlock = """
            >=v1.2.0   <v1.5.0  -> >=v1.2.0 <v1.5.0
            >= v1.2.0           -> >= v1.2.0
            v1.4.* || v1.6.*    -> v1.4.* || v1.6.*
            """)
    void textAsWritten(String range, String text) {
        assertThat(VersionRange.parse(range)).hasToString(text);
    }

    /** Parsing from a policy line's words, as PolicyFile does: an operator may be a word of its own. */
    @Test
    void parsesWords() {
        VersionRange r = VersionRange.parse(List.of(">=", "v1.2.0", "<", "v1.5.0", "||", "v2.*"));
        assertThat(r.contains("v1.3.0")).isTrue();
        assertThat(r.contains("v1.5.0")).isFalse();
        assertThat(r.contains("v2.1.0")).isTrue();
    }

    // RANGE -> words the error message must hold (what is wrong and what to write instead)
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " -> ", quoteCharacter = '`', textBlock = """
            <                  -> `"<" needs a version after it`
            >=                 -> `">=" needs a version after it`
            v1.0.0 <           -> `"<" needs a version after it`
            >= || v1.0.0       -> `">=" needs a version after it`
            || v1              -> `"||" needs a constraint on each side`
            v1 ||              -> `"||" needs a constraint on each side`
            v1 || || v2        -> `"||" needs a constraint on each side`
            ||                 -> `"||" needs a constraint on each side`
            v1.4.*||v1.6.*     -> `"v1.4.*||v1.6.*": put spaces around ||`
            v1.*.*             -> `write vMAJOR.* or vMAJOR.MINOR.*, e.g. v1.4.*`
            v1.4.5.*           -> `write vMAJOR.* or vMAJOR.MINOR.*, e.g. v1.4.*`
            v01.*              -> `write vMAJOR.* or vMAJOR.MINOR.*, e.g. v1.4.*`
            1.4.*              -> `write vMAJOR.* or vMAJOR.MINOR.*, e.g. v1.4.*`
            1.2.3              -> `"1.2.3" is not a version constraint: Go versions start with v, e.g. v1.2.3`
            >=1.2.3            -> `">=1.2.3" is not a version constraint: Go versions start with v, e.g. >=v1.2.3`
            ~1.2               -> `"~1.2" is not a version constraint: ~ and ^ are not Go's; write the bounds, e.g. >=v1.2.0 <v1.3.0 or v1.2.*`
            ^1.2.3             -> `"^1.2.3" is not a version constraint: ~ and ^ are not Go's; write the bounds, e.g. >=v1.2.3 <v2.0.0`
            ~v1.2.3            -> `"~v1.2.3" is not a version constraint: ~ and ^ are not Go's`
            ~1.2.3             -> `~ and ^ are not Go's; write the bounds, e.g. >=v1.2.3 <v1.3.0`
            ~1                 -> `~ and ^ are not Go's; write the bounds, e.g. >=v1.0.0 <v2.0.0 or v1.*`
            ^1.0.0             -> `~ and ^ are not Go's; write the bounds, e.g. >=v1.0.0 <v2.0.0 or v1.*`
            ^0.3.1             -> `~ and ^ are not Go's; write the bounds, e.g. >=v0.3.1 <v0.4.0`
            ^0.3               -> `~ and ^ are not Go's; write the bounds, e.g. >=v0.3.0 <v0.4.0 or v0.3.*`
            ~x                 -> `~ and ^ are not Go's; write the bounds, e.g. >=v1.2.0 <v1.3.0`
            <v1.*              -> `"<v1.*" takes no operator: a vMAJOR.* pattern stands alone (v1.*), or write a bound such as <v2.0.0`
            !=v1.4.*           -> `"!=v1.4.*" takes no operator: a vMAJOR.* pattern stands alone (v1.*), or write a bound such as <v2.0.0`
            v1.2.3-            -> `"v1.2.3-" is not a version constraint: write a semantic version with an optional <, <=, >, >=, = or != before it (e.g. <v0.31.0), or vMAJOR.MINOR.*`
            latest             -> `"latest" is not a version constraint: write a semantic version`
            <<v1.0.0           -> `"<<v1.0.0" is not a version constraint`
            ==v1.0.0           -> `"==v1.0.0" is not a version constraint`
            !v1.0.0            -> `"!v1.0.0" is not a version constraint`
            v1.0.0,v2.0.0      -> `"v1.0.0,v2.0.0" is not a version constraint`
            """)
    void refusedSayingWhatToWrite(String range, String message) {
        assertThatThrownBy(() -> VersionRange.parse(range)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    /** Error messages are one line without trailing blanks: they follow "policy.txt:N: " in a refusal. */
    @ParameterizedTest
    @ValueSource(strings = {"~1.2", "v1.2.3-", "<v1.*", "v1.*.*", "<", "|| v1"})
    void messagesAreOneTidyLine(String range) {
        assertThatThrownBy(() -> VersionRange.parse(range)).satisfies(e -> {
            assertThat(e.getMessage()).doesNotContain("\n").isEqualTo(e.getMessage().strip());
        });
    }
}
