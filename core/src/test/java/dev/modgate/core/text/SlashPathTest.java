package dev.modgate.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tables of Go's path/path_test.go. */
class SlashPathTest {
    @ParameterizedTest(name = "Clean({0}) = {1}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''|.
            abc|abc
            abc/def|abc/def
            a/b/c|a/b/c
            .|.
            ..|..
            ../..|../..
            ../../abc|../../abc
            /abc|/abc
            /|/
            abc/|abc
            abc/def/|abc/def
            a/b/c/|a/b/c
            ./|.
            ../|..
            ../../|../..
            /abc/|/abc
            abc//def//ghi|abc/def/ghi
            //abc|/abc
            ///abc|/abc
            //abc//|/abc
            abc//|abc
            abc/./def|abc/def
            /./abc/def|/abc/def
            abc/.|abc
            abc/def/ghi/../jkl|abc/def/jkl
            abc/def/../ghi/../jkl|abc/jkl
            abc/def/..|abc
            abc/def/../..|.
            /abc/def/../..|/
            abc/def/../../..|..
            /abc/def/../../..|/
            abc/def/../../../ghi/jkl/../../../mno|../../mno
            abc/./../def|def
            abc//./../def|def
            abc/../../././../def|../../def
            """)
    void clean(String path, String want) {
        assertThat(SlashPath.clean(path)).isEqualTo(want);
        assertThat(SlashPath.clean(want)).isEqualTo(want);
    }

    @ParameterizedTest(name = "Base({0}) = {1}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''|.
            .|.
            /.|.
            /|/
            ////|/
            x/|x
            abc|abc
            abc/def|def
            a/b/.x|.x
            a/b/c.|c.
            a/b/c.x|c.x
            """)
    void base(String path, String want) {
        assertThat(SlashPath.base(path)).isEqualTo(want);
    }

    @ParameterizedTest(name = "Dir({0}) = {1}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''|.
            .|.
            /.|/
            /|/
            ////|/
            /foo|/
            x/|x
            abc|.
            abc/def|abc
            abc////def|abc
            a/b/.x|a/b
            a/b/c.|a/b
            a/b/c.x|a/b
            """)
    void dir(String path, String want) {
        assertThat(SlashPath.dir(path)).isEqualTo(want);
    }

    @ParameterizedTest(name = "Join({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''|''|''
            a|''|a
            ''|b|b
            /|a|/a
            /|''|/
            a/|b|a/b
            a/|''|a
            a|b|a/b
            prefix/|x/y|prefix/x/y
            """)
    void join(String a, String b, String want) {
        assertThat(SlashPath.join(a, b)).isEqualTo(want);
    }
}
