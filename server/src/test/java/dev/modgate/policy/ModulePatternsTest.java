package dev.modgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Module patterns match as GOPRIVATE does (module.MatchPrefixPatterns) and rank by how closely they fit. */
class ModulePatternsTest {
    // PATTERNS -> MODULE -> whether they match
    @ParameterizedTest(name = "[{index}] {0} matches {1}: {2}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            golang.org/x                  -> golang.org/x/net              -> true
            golang.org/x                  -> golang.org/x/net/v2           -> true
            golang.org/x                  -> golang.org/x                  -> true
            golang.org/x                  -> golang.org/xx/net             -> false
            golang.org/x                  -> golang.org                    -> false
            golang.org/x/                 -> golang.org/x/net              -> true
            golang.org/x/*                -> golang.org/x/net              -> true
            golang.org/x/*                -> golang.org/x/net/v2           -> true
            golang.org/x/*                -> golang.org/x                  -> false
            golang.org/x/*                -> golang.org/y/net              -> false
            golang.org/x/net              -> golang.org/x/net              -> true
            golang.org/x/net              -> golang.org/x/network          -> false
            golang.org/x/net              -> golang.org/x/net/html         -> true
            *                             -> golang.org/x/net              -> true
            *                             -> example.com                   -> true
            *.corp.example                -> git.corp.example/team/lib     -> true
            *.corp.example                -> corp.example/lib              -> false
            *.corp.example                -> git.corp.example.com/lib      -> false
            *.corp.example                -> a.b.corp.example/lib          -> true
            */lib                         -> example.com/lib/sub           -> true
            */lib                         -> example.com/other             -> false
            [a-c]*                        -> bitbucket.org/x/y             -> true
            [a-c]*                        -> github.com/x/y                -> false
            [^a-c]*                       -> github.com/x/y                -> true
            example.com/?                 -> example.com/a                 -> true
            example.com/?                 -> example.com/ab                -> false
            example.com/a\\*b             -> example.com/a*b               -> true
            example.com/a\\*b             -> example.com/axb               -> false
            example.com/a\\[b             -> example.com/a[b/c             -> true
            rsc.io,golang.org/x           -> golang.org/x/text             -> true
            rsc.io,golang.org/x           -> rsc.io/quote                  -> true
            rsc.io,golang.org/x           -> github.com/rsc/quote          -> false
            example.com/Mod               -> example.com/mod               -> false
            """)
    void matchesAsGoprivate(String patterns, String module, boolean expected) {
        ModulePatterns p = ModulePatterns.parse(patterns);
        assertThat(p.matches(module)).isEqualTo(expected);
        assertThat(p.specificity(module) >= 0).isEqualTo(expected);
    }

    static Stream<Arguments> rankings() {
        return Stream.of(
                // MODULE, patterns from the most to the least specific
                Arguments.of("golang.org/x/net", List.of("golang.org/x/net", "golang.org/x/*", "golang.org/x", "golang.org", "*")),
                Arguments.of("golang.org/x/net/v2", List.of("golang.org/x/net/v2", "golang.org/x/net", "golang.org/x/n*", "golang.org/x/*", "golang.org/*", "golang.org", "golang.*", "*")),
                Arguments.of("git.corp.example/team/lib", List.of("git.corp.example/team/lib", "*.corp.example/team/*", "git.corp.example", "*.corp.example", "*")),
                Arguments.of("github.com/acme/tool", List.of("github.com/acme/tool", "github.com/acme/t??l", "github.com/acme/*", "github.com/*/*", "github.com", "*")),
                // a character class stands for one character: it fits no closer than a literal one
                Arguments.of("abc.example/m", List.of("abc.example", "ab[a-z].example", "a*")));
    }

    /** The most specific pattern wins: more path elements first, then more literal characters. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rankings")
    void specificityOrder(String module, List<String> mostToLeast) {
        List<Long> fits = mostToLeast.stream().map(g -> ModulePatterns.parse(g).specificity(module)).toList();
        assertThat(fits).allMatch(f -> f >= 0).isSortedAccordingTo(Comparator.reverseOrder()).doesNotHaveDuplicates();
    }

    @Test
    void aListFitsAsItsBestGlob() {
        ModulePatterns list = ModulePatterns.parse("*,golang.org/x/net,rsc.io");
        assertThat(list.specificity("golang.org/x/net")).isEqualTo(ModulePatterns.parse("golang.org/x/net").specificity("golang.org/x/net"));
        assertThat(list.specificity("golang.org/x/text")).isEqualTo(ModulePatterns.parse("*").specificity("golang.org/x/text"));
        assertThat(list.specificity("rsc.io/quote")).isEqualTo(ModulePatterns.parse("rsc.io").specificity("rsc.io/quote"));
        assertThat(ModulePatterns.parse("rsc.io").specificity("golang.org/x/net")).isEqualTo(-1);
    }

    /** A trailing slash is ignored, as by GOPRIVATE, and changes nothing in the ranking. */
    @Test
    void trailingSlashIsIgnored() {
        assertThat(ModulePatterns.parse("golang.org/x/").specificity("golang.org/x/net")).isEqualTo(ModulePatterns.parse("golang.org/x").specificity("golang.org/x/net"));
        assertThat(ModulePatterns.parse("golang.org/x/")).hasToString("golang.org/x/");
    }

    // PATTERNS -> words the error message must hold
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " -> ", quoteCharacter = '`', textBlock = """
            ``                   -> `empty module pattern in "": write globs like golang.org/x/* separated by commas, no spaces`
            a,,b                 -> `empty module pattern in "a,,b": write globs like golang.org/x/* separated by commas, no spaces`
            a,                   -> `empty module pattern in "a,"`
            ,a                   -> `empty module pattern in ",a"`
            /                    -> `empty module pattern in "/"`
            /golang.org          -> `module pattern "/golang.org" has an empty path element: write path elements separated by single slashes, e.g. golang.org/x/*`
            golang.org//x        -> `module pattern "golang.org//x" has an empty path element: write path elements separated by single slashes`
            golang.org//         -> `module pattern "golang.org//" has an empty path element`
            golang.org/[x        -> `module pattern "golang.org/[x" is not a valid glob`
            golang.org/x\\       -> `module pattern "golang.org/x\\" is not a valid glob`
            golang.org/[]        -> `module pattern "golang.org/[]" is not a valid glob`
            golang.org/[a-]      -> `module pattern "golang.org/[a-]" is not a valid glob`
            golang.org/[^]       -> `module pattern "golang.org/[^]" is not a valid glob`
            *[                   -> `module pattern "*[" is not a valid glob`
            ok.example,bad[      -> `module pattern "bad[" is not a valid glob`
            """)
    void refusedSayingWhatToWrite(String patterns, String message) {
        assertThatThrownBy(() -> ModulePatterns.parse(patterns)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void invalidGlobMessageSaysHowToWriteItRight() {
        assertThatThrownBy(() -> ModulePatterns.parse("golang.org/[x")).hasMessageContaining("write \\[ for a literal [");
    }
}
