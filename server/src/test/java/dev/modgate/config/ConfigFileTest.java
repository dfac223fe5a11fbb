package dev.modgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The config file's syntax, line by line: comments, quoting, boolean keys alone, and what is refused. */
class ConfigFileTest {
    @TempDir Path tmp;

    private Map<String, String> read(String text) throws Exception {
        Path f = tmp.resolve("modgate.conf");
        Files.writeString(f, text);
        return ConfigFile.read(f, Settings.KEYS);
    }

    // LINE | the value of the key it sets (the key is always the first word)
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            upstream = https://a.example,direct                     | https://a.example,direct
            upstream=https://a.example                              | https://a.example
            upstream = https://a.example # the team's proxy         | https://a.example
            upstream = https://a.example	# after a tab            | https://a.example
            upstream = https://a.example/#frag                      | https://a.example/#frag
            upstream = https://a.example/a#b # comment              | https://a.example/a#b
            sumdb = "sum.example+1a2b3c4d+AbCd https://h.example/p" | sum.example+1a2b3c4d+AbCd https://h.example/p
            sumdb = "a b" # comment                                 | a b
            sumdb = 'a "b" # c'                                     | a "b" # c
            sumdb = 'a\\b'                                          | a\\b
            sumdb = "a\\\\b \\"q\\" \\u0041"                        | a\\b "q" A
            sumdb = "#not a comment"                                | #not a comment
            sumdb = a "b" c                                         | a "b" c
            private =                                               | ``
            private = ""                                            | ``
            private = # nothing                                     | ``
            offline                                                 | true
            offline # on                                            | true
            offline = false                                         | false
            sumdb-required                                          | true
            """)
    void linesAndTheirValues(String line, String value) throws Exception {
        String key = line.split("[ =]", 2)[0];
        assertThat(read("# a comment\n\n" + line + "\n")).containsExactly(Map.entry(key, value));
    }

    // LINE | the error's text after FILE:LINE:
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            sumdb = "a b                    | the value's opening " has no closing " (quote the whole value, or use the other kind of quote for a value holding this one)
            sumdb = 'a b                    | the value's opening ' has no closing ' (quote the whole value, or use the other kind of quote for a value holding this one)
            sumdb = "a b" c                 | text after the closing ": "c" (quote the whole value; a comment starts with #)
            sumdb = "a\\qb"                 | unknown escape \\q in a double-quoted value (write \\\\ for a backslash, or put the value in single quotes to take it literally)
            sumdb = "\\u12"                 | \\u needs four hex digits in a double-quoted value
            listen                          | "listen" needs a value: listen = VALUE
            upstrem = x                     | `unknown key "upstrem" (known: KEYS; tables: repo, rewrite, credentials, ssh-key)`
            repo = x                        | "repo" lines need an argument: repo WHAT = VALUE
            credentials h.example user u password S3CRET | a "credentials" line needs " = " between what it is for and its value: credentials WHAT = VALUE
            upstrem https://a.example S3CRET | `unknown key "upstrem" (known: KEYS; tables: repo, rewrite, credentials, ssh-key)`
            """)
    void linesRefusedWithTheirReason(String line, String message) {
        // KEYS: every key a config file takes, in the settings' order (the table grows with every setting)
        String expected = message.replace("KEYS", String.join(", ", Settings.KEYS));
        assertThatThrownBy(() -> read("\n" + line + "\n")).hasMessage(tmp.resolve("modgate.conf") + ":2: " + expected);
    }

    @Test
    void tableValuesAreQuotedAndCommentedAlike() throws Exception {
        Path f = tmp.resolve("t.conf");
        Files.writeString(f, "rewrite https://a.example/ = 'file:///srv/git/a b/' # spaces\ncredentials h.example = user u password p#w # not the password\n");
        var rows = ConfigFile.parse(f, Settings.KEYS, Settings.TABLES).tables();
        assertThat(rows).extracting(ConfigFile.TableLine::value).containsExactly("file:///srv/git/a b/", "user u password p#w");
    }

    /** Windows editors start a UTF-8 file with a byte order mark: it was read as part of the first key ("unknown key"). */
    @Test
    void aByteOrderMarkIsNoPartOfTheFirstKey() throws Exception {
        assertThat(read("\uFEFFupstream = https://a.example\n")).containsExactly(Map.entry("upstream", "https://a.example"));
        assertThat(read("\uFEFFoffline\n")).containsExactly(Map.entry("offline", "true"));
    }

    @Test
    void missingFileSaysWhichAndWhatToDo() {
        assertThatThrownBy(() -> ConfigFile.read(tmp.resolve("missing.conf"), Settings.KEYS))
                .hasMessage("config file " + tmp.resolve("missing.conf") + " does not exist: fix the path given with --config or MODGATE_CONFIG");
    }

    // VALUE | parsed, as Go's strconv.ParseBool; "error" when refused
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            true  | true
            True  | true
            TRUE  | true
            t     | true
            T     | true
            1     | true
            false | false
            False | false
            FALSE | false
            f     | false
            F     | false
            0     | false
            yes   | error
            on    | error
            no    | error
            tRuE  | error
            ' '   | error
            """)
    void booleansAsStrconvParseBool(String value, String want) {
        SettingValues file = new SettingValues(Map.of(), Map.of(), new ConfigFile.Contents(Map.of("offline", value), java.util.List.of()));
        SettingValues env = new SettingValues(Map.of(), Map.of("MODGATE_OFFLINE", value), ConfigFile.Contents.EMPTY);
        if (want.equals("error")) {
            assertThatThrownBy(() -> file.bool(Settings.OFFLINE)).hasMessage("offline in the config file: invalid boolean \"" + value
                    + "\" (write true or false; 1, 0, t, f, TRUE, FALSE, True, False are accepted too)");
            assertThatThrownBy(() -> env.bool(Settings.OFFLINE)).hasMessageStartingWith("MODGATE_OFFLINE: invalid boolean");
        } else {
            assertThat(file.bool(Settings.OFFLINE)).isEqualTo(Boolean.parseBoolean(want));
            assertThat(env.bool(Settings.OFFLINE)).isEqualTo(Boolean.parseBoolean(want));
        }
    }
}
