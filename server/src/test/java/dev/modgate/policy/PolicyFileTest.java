package dev.modgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.policy.Decision.Verdict;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The policy file's syntax, its refusals (with the line and what to write) and its own decisions. */
class PolicyFileTest {
    private static PolicyFile parse(String text) throws PolicyException {
        return PolicyFile.parse("policy.txt", text);
    }

    @Test
    void everyDirective() throws Exception {
        PolicyFile p = parse("""
                # the platform team's policy
                mode dry-run
                default deny
                allow golang.org/x/*,rsc.io >=v0.1.0 reason "reviewed in TICKET-1"
                deny golang.org/x/crypto <v0.31.0 reason "CVE-2024-45337"
                pin github.com/acme/lib v1.4.2 v1.5.0
                cooldown * 7d except corp.example
                retracted hide
                webhook https://hooks.example/check timeout=2s on-error=allow
                contact "ask #platform on chat"
                """);
        assertThat(p.name()).isEqualTo("policy.txt");
        assertThat(p.mode()).isEqualTo(PolicyFile.Mode.DRY_RUN);
        assertThat(p.retracted()).isEqualTo(PolicyFile.Retracted.HIDE);
        assertThat(p.retractedRule()).isEqualTo("policy.txt:8");
        assertThat(p.retractedText()).isEqualTo("retracted hide");
        assertThat(p.contact()).isEqualTo("ask #platform on chat");
        PolicyFile.WebhookSpec hook = p.webhook().orElseThrow();
        assertThat(hook.url()).isEqualTo(URI.create("https://hooks.example/check"));
        assertThat(hook.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(hook.allowOnError()).isTrue();
        assertThat(hook.line().where()).isEqualTo("policy.txt:9");
        PolicyFile.Cooldown c = p.cooldown("github.com/a/b").orElseThrow();
        assertThat(c.hold()).isEqualTo(Duration.ofDays(7));
        assertThat(c.line().number()).isEqualTo(7);
        assertThat(p.cooldown("corp.example/lib")).isEmpty();
        assertThat(p.pinned("github.com/acme/lib")).isTrue();
        assertThat(p.pinned("github.com/acme/other")).isFalse();

        assertThat(p.decide("golang.org/x/net", "v0.20.0")).isEqualTo(new Decision(Verdict.ALLOW, "policy.txt:4",
                "allow golang.org/x/*,rsc.io >=v0.1.0", "reviewed in TICKET-1", null));
        assertThat(p.decide("golang.org/x/crypto", "v0.30.0")).isEqualTo(new Decision(Verdict.DENY, "policy.txt:5",
                "deny golang.org/x/crypto <v0.31.0", "CVE-2024-45337", null));
        assertThat(p.decide("github.com/acme/lib", "v1.5.0")).isEqualTo(new Decision(Verdict.ALLOW, "policy.txt:6",
                "pin github.com/acme/lib v1.4.2 v1.5.0", "pinned", null));
        assertThat(p.decide("example.com/m", "v1.0.0")).isEqualTo(new Decision(Verdict.DENY, "policy.txt:3",
                "default deny", "no rule allows this module", null));
    }

    @Test
    void defaultsWithoutLines() throws Exception {
        PolicyFile p = parse("# nothing but a comment\n\n");
        assertThat(p.mode()).isEqualTo(PolicyFile.Mode.ENFORCE);
        assertThat(p.retracted()).isEqualTo(PolicyFile.Retracted.ALLOW);
        assertThat(p.webhook()).isEmpty();
        assertThat(p.contact()).isEmpty();
        assertThat(p.cooldown("example.com/m")).isEmpty();
        assertThat(p.restrictsAnything()).isFalse();
        assertThat(p.decide("example.com/m", "v1.0.0"))
                .isEqualTo(new Decision(Verdict.ALLOW, "default", "default allow (no default line)", "", null));
        assertThat(p.decide("example.com/m", "not-a-version").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(p.webhook()).isEmpty();
    }

    @Test
    void allowAllIsTheAbsentPolicy() {
        PolicyFile p = PolicyFile.allowAll();
        assertThat(p.restrictsAnything()).isFalse();
        assertThat(p.version()).isEqualTo("none");
        assertThat(p.decide("example.com/m", "v1.0.0").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(p.summary()).isEqualTo("mode enforce, default allow, 0 allow, 0 deny, 0 pin, 0 cooldown, retracted allow, no webhook");
    }

    @Test
    void commentsBlankLinesCrlfAndQuotes() throws Exception {
        PolicyFile p = parse("# policy\r\n\r\n   \t\r\ndefault deny   # nothing unless allowed\r\n"
                + "\tallow\texample.com/a  v1.*  reason \"see #12 \\\"first\\\" \\\\ and # more\"   # a comment\r\n"
                + "contact \"mail #ops\"\r\n"
                + "deny example.com/b reason \"\"\r\n");
        assertThat(p.decide("example.com/a", "v1.3.0")).isEqualTo(new Decision(Verdict.ALLOW, "policy.txt:5",
                "allow example.com/a v1.*", "see #12 \"first\" \\ and # more", null));
        assertThat(p.decide("example.com/a", "v2.0.0").rule()).isEqualTo("policy.txt:4");
        assertThat(p.decide("example.com/a", "v2.0.0").ruleText()).isEqualTo("default deny");
        assertThat(p.decide("example.com/b", "v1.0.0").rule()).isEqualTo("policy.txt:7");
        assertThat(p.decide("example.com/b", "v1.0.0").reason()).isEmpty();
        assertThat(p.contact()).isEqualTo("mail #ops");
    }

    /** Windows editors start a UTF-8 file with a byte order mark; it is not part of the first word. */
    @Test
    void byteOrderMarkIsIgnored() throws Exception {
        assertThat(parse("\uFEFFdefault deny\n").decide("example.com/m", "v1.0.0").rule()).isEqualTo("policy.txt:1");
    }

    // DURATION -> its length
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            7d     -> PT168H
            1d     -> PT24H
            2w     -> PT336H
            36h    -> PT36H
            90m    -> PT1H30M
            1h30m  -> PT1H30M
            1.5h   -> PT1H30M
            0      -> PT0S
            """)
    void cooldownDurations(String written, String expected) throws Exception {
        assertThat(parse("cooldown * " + written + "\n").cooldown("example.com/m").orElseThrow().hold()).isEqualTo(Duration.parse(expected));
    }

    // LINE (line 3 of the file) -> the error after "policy.txt:3: "
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " -> ", quoteCharacter = '`', textBlock = """
            frobnicate x                        -> `unknown rule "frobnicate": use mode, default, allow, deny, pin, cooldown, retracted, webhook, contact, vuln or license`
            Allow x                             -> `unknown rule "Allow": use mode, default, allow, deny, pin, cooldown, retracted, webhook, contact, vuln or license`
            mode                                -> `write: mode enforce|dry-run`
            license deny                        -> `write: license allow IDS, license deny IDS (SPDX ids, comma-separated) or license unknown allow|warn|deny`
            license forbid MIT                  -> `license takes allow, deny or unknown, not "forbid"`
            license deny MIT,,BSD               -> `"" is not an SPDX licence id: write ids such as MIT,Apache-2.0,BSD-3-Clause separated by commas, no spaces`
            license unknown maybe               -> `license unknown takes allow, warn or deny, not "maybe"`
            mode enforce dry-run                -> `write: mode enforce|dry-run`
            mode enforced                       -> `mode must be enforce or dry-run, not "enforced"`
            default                             -> `write: default allow|deny`
            default maybe                       -> `default must be allow or deny, not "maybe"`
            default allow deny                  -> `write: default allow|deny`
            retracted                           -> `write: retracted allow|hide|deny`
            retracted drop                      -> `retracted must be allow, hide or deny, not "drop"`
            contact                             -> `write: contact "how to ask for an exception"`
            contact mail us                     -> `write: contact "how to ask for an exception"`
            deny                                -> `write: deny PATTERNS [RANGE] [reason "..."]`
            allow                               -> `write: allow PATTERNS [RANGE] [reason "..."]`
            deny a,,b                           -> `empty module pattern in "a,,b": write globs like golang.org/x/* separated by commas, no spaces`
            deny golang.org/[x                  -> `module pattern "golang.org/[x" is not a valid glob (an unclosed or empty [ ] class, or a trailing \\): write \\[ for a literal [`
            deny x ~1.2                         -> `"~1.2" is not a version constraint: ~ and ^ are not Go's; write the bounds, e.g. >=v1.2.0 <v1.3.0 or v1.2.*`
            deny x <                            -> `"<" needs a version after it`
            deny x v1 ||                        -> `"||" needs a constraint on each side`
            allow x 1.2.3                       -> `"1.2.3" is not a version constraint: Go versions start with v, e.g. v1.2.3`
            deny x reason "a" v1.0.0            -> `reason takes one quoted text and ends the line: reason "why"`
            deny x reason                       -> `reason takes one quoted text and ends the line: reason "why"`
            deny x reason "a" "b"               -> `reason takes one quoted text and ends the line: reason "why"`
            deny x reason "a" reason "b"        -> `reason takes one quoted text and ends the line: reason "why"`
            deny x reason "unterminated         -> `unterminated quoted text: end it with "`
            deny x reason "a \\" b              -> `unterminated quoted text: end it with "`
            deny x reason"glued"                -> `put a space before the quoted text`
            deny x reason "glued"after          -> `put a space after the quoted text`
            pin x                               -> `write: pin PATTERNS VERSION... (at least one version)`
            pin                                 -> `write: pin PATTERNS VERSION... (at least one version)`
            pin x v1.2                          -> `pin versions must be complete semantic versions such as v1.4.2, not "v1.2"`
            pin x v1                            -> `pin versions must be complete semantic versions such as v1.4.2, not "v1"`
            pin x v1.2.3+meta                   -> `pin versions must be complete semantic versions such as v1.4.2, not "v1.2.3+meta"`
            pin x 1.2.3                         -> `pin versions must be complete semantic versions such as v1.4.2, not "1.2.3"`
            pin x v1.4.*                        -> `pin versions must be complete semantic versions such as v1.4.2, not "v1.4.*"`
            pin x v1.0.0 latest                 -> `pin versions must be complete semantic versions such as v1.4.2, not "latest"`
            pin ,x v1.0.0                       -> `empty module pattern in ",x": write globs like golang.org/x/* separated by commas, no spaces`
            cooldown * 7x                       -> `"7x" is not a duration: write e.g. 7d, 2w, 36h or 90m`
            cooldown * -1h                      -> `"-1h" is not a duration: write e.g. 7d, 2w, 36h or 90m`
            cooldown * 7                        -> `"7" is not a duration: write e.g. 7d, 2w, 36h or 90m`
            cooldown * 1.5d                     -> `"1.5d" is not a duration: write e.g. 7d, 2w, 36h or 90m`
            cooldown *                          -> `write: cooldown PATTERNS DURATION [except PATTERNS], e.g. cooldown * 7d except corp.example.com`
            cooldown                            -> `write: cooldown PATTERNS DURATION [except PATTERNS], e.g. cooldown * 7d except corp.example.com`
            cooldown * 7d except                -> `write: cooldown PATTERNS DURATION [except PATTERNS], e.g. cooldown * 7d except corp.example.com`
            cooldown * except corp.example      -> `write: cooldown PATTERNS DURATION [except PATTERNS], e.g. cooldown * 7d except corp.example.com`
            cooldown * 7d exempt corp.example   -> `write: cooldown PATTERNS DURATION [except PATTERNS], e.g. cooldown * 7d except corp.example.com`
            cooldown * 7d except a b            -> `write: cooldown PATTERNS DURATION [except PATTERNS], e.g. cooldown * 7d except corp.example.com`
            cooldown * 7d 1d                    -> `write: cooldown PATTERNS DURATION [except PATTERNS], e.g. cooldown * 7d except corp.example.com`
            cooldown * 7d except a,,b           -> `empty module pattern in "a,,b": write globs like golang.org/x/* separated by commas, no spaces`
            webhook                             -> `write: webhook URL [timeout=5s] [on-error=allow|deny]`
            webhook http://h.example/a b        -> `unknown webhook option "b": use timeout=DURATION and on-error=allow|deny`
            webhook ftp://h.example/check       -> `webhook URL must be http:// or https:// with a host, e.g. https://hooks.example/check`
            webhook http://127.0.0.1:99999/x    -> `webhook URL port 99999 is out of range (1-65535)`
            webhook hooks.example/check         -> `webhook URL must be http:// or https:// with a host, e.g. https://hooks.example/check`
            webhook http:///check               -> `webhook URL must be http:// or https:// with a host, e.g. https://hooks.example/check`
            webhook https://h.example timeout=0 -> `webhook timeout must be more than 0: write e.g. timeout=5s`
            webhook https://h.example timeout=0s -> `webhook timeout must be more than 0: write e.g. timeout=5s`
            webhook https://h.example timeout=soon -> `"soon" is not a duration: write e.g. 7d, 2w, 36h or 90m`
            webhook https://h.example timeout=-1s -> `"-1s" is not a duration: write e.g. 7d, 2w, 36h or 90m`
            webhook https://h.example retries=3 -> `unknown webhook option "retries=3": use timeout=DURATION and on-error=allow|deny`
            webhook https://h.example on-error=maybe -> `unknown webhook option "on-error=maybe": use timeout=DURATION and on-error=allow|deny`
            vuln                                -> `write: vuln warn|deny [PATTERNS] [fixed-available] [except IDS], e.g. vuln deny golang.org/x/* fixed-available except GO-2024-1234`
            vuln block                          -> `write: vuln warn|deny [PATTERNS] [fixed-available] [except IDS], e.g. vuln deny golang.org/x/* fixed-available except GO-2024-1234`
            vuln Deny                           -> `write: vuln warn|deny [PATTERNS] [fixed-available] [except IDS], e.g. vuln deny golang.org/x/* fixed-available except GO-2024-1234`
            vuln deny * except                  -> `except takes the IDs separated by commas, no spaces, and ends the line: except GO-2024-1234,CVE-2024-5678`
            vuln deny * except GO-2024-1234 GO-2024-1235 -> `except takes the IDs separated by commas, no spaces, and ends the line: except GO-2024-1234,CVE-2024-5678`
            vuln deny except GO-1               -> `"GO-1" is not a vulnerability ID: write GO-YYYY-NNNN, CVE-YYYY-NNNN or GHSA-xxxx-xxxx-xxxx, separated by commas`
            vuln deny * except GO-2024-1234,    -> `"" is not a vulnerability ID: write GO-YYYY-NNNN, CVE-YYYY-NNNN or GHSA-xxxx-xxxx-xxxx, separated by commas`
            vuln deny * except GO-2024-1234;CVE-2024-1234 -> `"GO-2024-1234;CVE-2024-1234" is not a vulnerability ID: write GO-YYYY-NNNN, CVE-YYYY-NNNN or GHSA-xxxx-xxxx-xxxx, separated by commas`
            vuln deny * except golang.org/x/net -> `"golang.org/x/net" is not a vulnerability ID: write GO-YYYY-NNNN, CVE-YYYY-NNNN or GHSA-xxxx-xxxx-xxxx, separated by commas`
            vuln deny * fixed                   -> `unexpected "fixed": write: vuln warn|deny [PATTERNS] [fixed-available] [except IDS], e.g. vuln deny golang.org/x/* fixed-available except GO-2024-1234`
            vuln deny fixed-available *         -> `unexpected "*": write: vuln warn|deny [PATTERNS] [fixed-available] [except IDS], e.g. vuln deny golang.org/x/* fixed-available except GO-2024-1234`
            vuln deny * fixed-available fixed-available -> `unexpected "fixed-available": write: vuln warn|deny [PATTERNS] [fixed-available] [except IDS], e.g. vuln deny golang.org/x/* fixed-available except GO-2024-1234`
            vuln warn a,,b                      -> `empty module pattern in "a,,b": write globs like golang.org/x/* separated by commas, no spaces`
            """)
    void refusedWithLineAndWhatToWrite(String line, String message) {
        assertThatThrownBy(() -> parse("# a policy\n\n" + line + "\nallow *\n")).isInstanceOf(PolicyException.class).hasMessage("policy.txt:3: " + message);
    }

    @Test
    void badWebhookUrlSaysWhatToWrite() {
        assertThatThrownBy(() -> parse("webhook http://h.example/a^b\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("policy.txt:1: webhook URL is not a URL: ")
                .hasMessageEndingWith("write e.g. https://hooks.example/check");
    }

    // FILE (lines separated by ;) -> the error
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " -> ", quoteCharacter = '`', textBlock = """
            default deny;allow *;default allow                        -> `policy.txt:3: a second default line (the first is line 1): keep one`
            retracted hide;;retracted deny                             -> `policy.txt:3: a second retracted line (the first is line 1): keep one`
            allow *;webhook https://a.example/;webhook https://b.example/ -> `policy.txt:3: a second webhook line (the first is line 2): keep one`
            allow *;deny x;allow y ~1;deny z ~2                        -> `policy.txt:3: "~1" is not a version constraint: ~ and ^ are not Go's; write the bounds, e.g. >=v1.0.0 <v2.0.0 or v1.*`
            """)
    void refusedOnTheRightLine(String lines, String message) {
        assertThatThrownBy(() -> parse(lines.replace(';', '\n') + "\n")).isInstanceOf(PolicyException.class).hasMessage(message);
    }

    /** Control characters are refused everywhere, quoted text included: a reason ends up in 403 bodies and logs. */
    @ParameterizedTest
    @ValueSource(strings = {"deny x\u0001", "deny \u0007x", "deny x reason \"a\u001b[31mred\"", "deny x reason \"a\u0000b\"", "contact \"a\u007fb\""})
    void controlCharactersAreRefused(String line) {
        assertThatThrownBy(() -> parse("default allow\n" + line + "\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageMatching("policy\\.txt:2: control character \\(0x[0-9a-f]+\\) in the line: remove it");
    }

    @Test
    void tabsMayStandInsideQuotes() throws Exception {
        assertThat(parse("deny x reason \"a\tb\"\n").decide("x", "v1.0.0").reason()).isEqualTo("a\tb");
    }

    @Test
    void theRightErrorLineWhateverTheLineEndings() {
        assertThatThrownBy(() -> parse("default deny\r\n# c\r\n\r\nallow x ~1\r\n")).hasMessageStartingWith("policy.txt:4: ");
    }

    /** A policy in the decision tables below: which line decides for a module@version. */
    private static final String RULES = """
            # line 1
            allow *
            deny golang.org/x/* <v0.5.0 reason "CVE-2020-1234"
            allow golang.org/x/net
            deny golang.org/x/net v0.3.*
            allow example.com/a
            deny example.com/a
            deny corp.example >=v2.0.0
            allow corp.example/lib
            deny *.evil.example
            deny golang.org/x/crypto v0.1.0 || v0.2.0 reason "broken"
            """;

    // MODULE -> VERSION -> VERDICT -> the deciding line
    @ParameterizedTest(name = "[{index}] {0}@{1}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            golang.org/x/text       -> v0.4.0   -> DENY  -> 3
            golang.org/x/text       -> v0.5.0   -> ALLOW -> 2
            golang.org/x/text       -> v0.5.0-0.20200101000000-abcdefabcdef -> DENY -> 3
            golang.org/x/net        -> v0.3.1   -> DENY  -> 5
            golang.org/x/net        -> v0.4.0   -> ALLOW -> 4
            golang.org/x/net        -> v0.1.0   -> ALLOW -> 4
            golang.org/x/net/html   -> v0.3.0   -> DENY  -> 5
            golang.org/x/crypto     -> v0.2.0   -> DENY  -> 11
            golang.org/x/crypto     -> v0.3.0   -> DENY  -> 3
            golang.org/x/crypto     -> v0.6.0   -> ALLOW -> 2
            example.com/a           -> v1.0.0   -> DENY  -> 7
            example.com/b           -> v1.0.0   -> ALLOW -> 2
            corp.example/app        -> v2.1.0   -> DENY  -> 8
            corp.example/app        -> v1.9.0   -> ALLOW -> 2
            corp.example/lib        -> v2.1.0   -> ALLOW -> 9
            git.evil.example/m      -> v1.0.0   -> DENY  -> 10
            evil.example/m          -> v1.0.0   -> ALLOW -> 2
            golang.org/x/text       -> garbage  -> ALLOW -> 2
            """)
    void mostSpecificMatchingLineDecides(String module, String version, Verdict verdict, int line) throws Exception {
        Decision d = parse(RULES).decide(module, version);
        assertThat(d.verdict()).isEqualTo(verdict);
        assertThat(d.rule()).isEqualTo("policy.txt:" + line);
        assertThat(d.until()).isNull();
    }

    private static final String DEFAULT_DENY = """
            default deny
            allow corp.example >=v1.0.0
            allow golang.org/x/*
            deny golang.org/x/crypto v0.1.0
            """;

    // MODULE -> VERSION -> VERDICT -> the deciding line
    @ParameterizedTest(name = "[{index}] {0}@{1}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            corp.example/lib        -> v0.9.0   -> DENY  -> 1
            corp.example/lib        -> v1.2.0   -> ALLOW -> 2
            other.example/m         -> v1.0.0   -> DENY  -> 1
            golang.org/x/crypto     -> v0.1.0   -> DENY  -> 4
            golang.org/x/crypto     -> v0.2.0   -> ALLOW -> 3
            golang.org              -> v1.0.0   -> DENY  -> 1
            """)
    void aRangeThatDoesNotHoldFallsThrough(String module, String version, Verdict verdict, int line) throws Exception {
        Decision d = parse(DEFAULT_DENY).decide(module, version);
        assertThat(d.verdict()).isEqualTo(verdict);
        assertThat(d.rule()).isEqualTo("policy.txt:" + line);
        if (line == 1) assertThat(d.ruleText()).isEqualTo("default deny");
        if (line == 1) assertThat(d.reason()).isEqualTo("no rule allows this module");
    }

    private static final String PINS = """
            deny rsc.io/quote reason "use the pins"
            pin rsc.io/quote v1.5.2 v1.5.1
            pin rsc.io/quote/v3 v3.1.0
            pin rsc.io v1.0.0
            pin github.com/old/lib v2.0.0+incompatible v1.0.0
            pin same.example v1.0.0
            pin same.example v2.0.0
            default deny
            pin golang.org/x/* v0.1.0-rc.1
            """;

    // MODULE -> VERSION -> VERDICT -> the deciding line
    @ParameterizedTest(name = "[{index}] {0}@{1}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            rsc.io/quote            -> v1.5.2                -> ALLOW -> 2
            rsc.io/quote            -> v1.5.1                -> ALLOW -> 2
            rsc.io/quote            -> v1.5.3                -> DENY  -> 2
            rsc.io/quote            -> v1.5.2-rc.1           -> DENY  -> 2
            rsc.io/quote/v3         -> v3.1.0                -> ALLOW -> 3
            rsc.io/quote/v3         -> v1.5.2                -> DENY  -> 3
            rsc.io/sampler          -> v1.0.0                -> ALLOW -> 4
            rsc.io/sampler          -> v1.3.0                -> DENY  -> 4
            github.com/old/lib      -> v2.0.0+incompatible   -> ALLOW -> 5
            github.com/old/lib      -> v2.0.0                -> DENY  -> 5
            github.com/old/lib      -> v1.0.0                -> ALLOW -> 5
            github.com/old/lib      -> v1.0.0+incompatible   -> DENY  -> 5
            same.example/m          -> v2.0.0                -> ALLOW -> 7
            same.example/m          -> v1.0.0                -> DENY  -> 7
            golang.org/x/net        -> v0.1.0-rc.1           -> ALLOW -> 9
            golang.org/x/net        -> v0.1.0                -> DENY  -> 9
            other.example/m         -> v1.0.0                -> DENY  -> 8
            """)
    void pinsDecideAlone(String module, String version, Verdict verdict, int line) throws Exception {
        PolicyFile p = parse(PINS);
        Decision d = p.decide(module, version);
        assertThat(d.verdict()).isEqualTo(verdict);
        assertThat(d.rule()).isEqualTo("policy.txt:" + line);
        if (line != 8) assertThat(p.pinned(module)).isTrue();
    }

    @Test
    void pinDecisionsSayWhy() throws Exception {
        PolicyFile p = parse(PINS);
        assertThat(p.decide("rsc.io/quote", "v1.5.2")).isEqualTo(new Decision(Verdict.ALLOW, "policy.txt:2", "pin rsc.io/quote v1.5.2 v1.5.1", "pinned", null));
        assertThat(p.decide("rsc.io/quote", "v1.6.0")).isEqualTo(new Decision(Verdict.DENY, "policy.txt:2", "pin rsc.io/quote v1.5.2 v1.5.1",
                "only the pinned versions v1.5.2, v1.5.1 may be used", null));
        assertThat(p.pinned("other.example/m")).isFalse();
    }

    private static final String COOLDOWNS = """
            cooldown * 7d except corp.example,*.internal
            cooldown github.com/risky 30d
            cooldown corp.example/vendored 2d
            cooldown golang.org/x/* 1d except golang.org/x/net
            cooldown github.com/risky 3w
            """;

    // MODULE -> the line of its cooldown (0: none) -> its hold
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            github.com/a/b          -> 1 -> PT168H
            corp.example/lib        -> 0 -> PT0S
            git.internal/lib        -> 0 -> PT0S
            github.com/risky/m      -> 5 -> PT504H
            corp.example/vendored/m -> 3 -> PT48H
            golang.org/x/text       -> 4 -> PT24H
            golang.org/x/net        -> 0 -> PT0S
            golang.org/x/net/html   -> 0 -> PT0S
            """)
    void mostSpecificCooldownUnlessExcepted(String module, int line, Duration hold) throws Exception {
        var c = parse(COOLDOWNS).cooldown(module);
        if (line == 0) {
            assertThat(c).isEmpty();
        } else {
            assertThat(c).get().satisfies(cd -> {
                assertThat(cd.line().number()).isEqualTo(line);
                assertThat(cd.hold()).isEqualTo(hold);
            });
        }
    }

    @Test
    void versionFollowsTheText() throws Exception {
        String a = "default deny\nallow golang.org/x/*\n";
        assertThat(parse(a).version()).isEqualTo(parse(a).version()).matches("[0-9a-f]{12}");
        assertThat(PolicyFile.parse("other-name.txt", a).version()).isEqualTo(parse(a).version());
        assertThat(parse(a + "# a comment\n").version()).isNotEqualTo(parse(a).version());
        assertThat(parse(a.replace("deny", "allow")).version()).isNotEqualTo(parse(a).version());
    }

    // FILE (lines separated by ;) -> whether any version could be refused or hidden
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            ''                                                       -> false
            default allow;allow x;mode dry-run;contact "c";retracted allow -> false
            allow * >=v1.0.0                                         -> false
            default deny                                             -> true
            deny x                                                   -> true
            deny x <v0.0.1                                           -> true
            pin x v1.0.0                                             -> true
            cooldown * 1d                                            -> true
            cooldown * 0                                             -> true
            retracted hide                                           -> true
            retracted deny                                           -> true
            webhook https://h.example/                               -> true
            vuln warn                                                -> true
            vuln deny x                                              -> true
            """)
    void restrictsAnything(String lines, boolean expected) throws Exception {
        assertThat(parse(lines.replace(';', '\n')).restrictsAnything()).isEqualTo(expected);
    }

    @Test
    void vulnLines() throws Exception {
        PolicyFile p = parse("""
                vuln warn
                vuln deny golang.org/x/*,rsc.io fixed-available except GO-2024-1234,cve-2024-5678,GHSA-abcd-efgh-ijkl
                vuln deny golang.org/x/net except GO-2023-0001
                vuln deny except GO-2023-0002
                vuln warn example.com fixed-available
                """);
        assertThat(p.hasVulnRules()).isTrue();
        PolicyFile.Vuln all = p.vuln("other.example/m").orElseThrow();
        assertThat(all.line().number()).as("the later of two lines for every module").isEqualTo(4);
        assertThat(all.deny()).isTrue();
        assertThat(all.fixedAvailable()).isFalse();
        assertThat(all.modules().toString()).isEqualTo("*");
        assertThat(all.except()).containsExactly("GO-2023-0002");
        PolicyFile.Vuln x = p.vuln("golang.org/x/text").orElseThrow();
        assertThat(x.line().number()).isEqualTo(2);
        assertThat(x.deny()).isTrue();
        assertThat(x.fixedAvailable()).isTrue();
        assertThat(x.except()).containsExactly("CVE-2024-5678", "GHSA-ABCD-EFGH-IJKL", "GO-2024-1234");
        assertThat(x.excepts(List.of("GO-2099-0001", "ghsa-abcd-efgh-ijkl"))).isTrue();
        assertThat(x.excepts(List.of("GO-2099-0001", "CVE-2099-0001"))).isFalse();
        assertThat(p.vuln("golang.org/x/net").orElseThrow().line().number()).as("the most specific").isEqualTo(3);
        assertThat(p.vuln("rsc.io/quote").orElseThrow().line().number()).isEqualTo(2);
        PolicyFile.Vuln warn = p.vuln("example.com/m").orElseThrow();
        assertThat(warn.deny()).isFalse();
        assertThat(warn.fixedAvailable()).isTrue();
        assertThat(warn.except()).isEmpty();
        assertThat(warn.line().text()).isEqualTo("vuln warn example.com fixed-available");
        assertThat(p.summary()).endsWith("no webhook, 5 vuln");
        assertThat(parse("allow *\n").vuln("example.com/m")).isEmpty();
        assertThat(parse("allow *\n").hasVulnRules()).isFalse();
    }

    @Test
    void summaryCountsRulesAndHidesWebhookCredentials() throws Exception {
        PolicyFile p = parse("""
                default deny
                allow a
                allow b
                deny c
                pin d v1.0.0
                cooldown * 1d
                cooldown e 2d
                retracted deny
                webhook https://user:s3cr%40et@hooks.example/check?x=1 timeout=1s
                """);
        assertThat(p.summary()).isEqualTo("mode enforce, default deny, 2 allow, 1 deny, 1 pin, 2 cooldown, retracted deny, webhook https://hooks.example");
        assertThat(p.webhook().orElseThrow().url().getUserInfo()).isEqualTo("user:s3cr@et");
    }

    /** The webhook line's text names the rule in refusals clients see: never with its credentials. */
    @Test
    void webhookRuleTextHidesCredentials() throws Exception {
        PolicyFile p = parse("webhook https://user:s3cret@hooks.example/check on-error=deny  # the validator\n");
        PolicyLine line = p.webhook().orElseThrow().line();
        assertThat(line.text()).isEqualTo("webhook https://hooks.example on-error=deny"); // origin only: a path or query may hold a key
        assertThat(line.where()).isEqualTo("policy.txt:1");
    }

    @Test
    void decisionWords() throws Exception {
        PolicyFile p = parse(RULES);
        Decision deny = p.decide("golang.org/x/text", "v0.4.0");
        assertThat(deny.header()).isEqualTo("deny policy.txt:3");
        assertThat(deny.explain()).isEqualTo("denied by deny golang.org/x/* <v0.5.0 (policy.txt:3): CVE-2020-1234");
        assertThat(deny.downloadable()).isFalse();
        assertThat(deny.listed()).isFalse();
        Decision allow = p.decide("example.com/b", "v1.0.0");
        assertThat(allow.explain()).isEqualTo("allowed by allow * (policy.txt:2)");
        assertThat(allow.downloadable()).isTrue();
        assertThat(allow.listed()).isTrue();
        Instant until = Instant.parse("2026-01-02T03:04:05Z");
        Decision hold = new Decision(Verdict.HOLD, "policy.txt:9", "cooldown * 7d", "new versions wait 7d before use", until);
        assertThat(hold.header()).isEqualTo("hold policy.txt:9 until 2026-01-02T03:04:05Z");
        assertThat(hold.explain()).isEqualTo("held until 2026-01-02T03:04:05Z by cooldown * 7d (policy.txt:9): new versions wait 7d before use");
        assertThat(hold.downloadable()).isFalse();
        Decision hide = new Decision(Verdict.HIDE, "retracted", "retracted", null, null);
        assertThat(hide.reason()).isEmpty();
        assertThat(hide.downloadable()).isTrue();
        assertThat(hide.listed()).isFalse();
        assertThat(hide.explain()).isEqualTo("hidden from lists (downloadable) by retracted");
        assertThat(new Decision(Verdict.ALLOW, "approval", "", "", null).explain()).isEqualTo("allowed by approval");
    }
}
