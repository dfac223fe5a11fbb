package dev.modgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.policy.Decision.Verdict;
import dev.modgate.testing.ExpectedErrors;
import dev.modgate.vuln.OsvEntry;
import dev.modgate.vuln.VulnIndex;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gate's decision order (PolicyGate's class comment) and the cooldown's clock, with fixed facts and times. */
class PolicyGateTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    private final TestClock clock = new TestClock(T0);
    private final FakeFacts facts = new FakeFacts();
    private final MemoryState state = new MemoryState();
    private final FakeVulns vulns = new FakeVulns();

    private PolicyGate gate(String policy) throws PolicyException {
        return new PolicyGate(PolicyFile.parse("policy.txt", policy), state, null, facts, vulns, clock, Duration.ofMinutes(5));
    }

    private static ModuleVersion mv(String module, String version) {
        return new ModuleVersion(module, version);
    }

    private void approve(ModuleVersion mv, Instant until) throws Exception {
        state.approve(new Approval(mv, until, "reviewed in TICKET-7", "alice", T0));
    }

    private static final String EVERY_RULE = """
            retracted deny
            cooldown * 7d
            deny example.com/denied reason "not reviewed"
            pin example.com/pinned v1.0.0
            default allow
            """;

    // MODULE -> VERSION -> VERDICT without the approval -> its line
    @ParameterizedTest(name = "[{index}] {0}@{1}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            example.com/denied    -> v1.0.0 -> DENY -> 3
            example.com/pinned    -> v2.0.0 -> DENY -> 4
            example.com/retracted -> v1.0.0 -> DENY -> 1
            example.com/fresh     -> v1.0.0 -> HOLD -> 2
            """)
    void anApprovalBeatsEveryRule(String module, String version, Verdict before, int line) throws Exception {
        facts.goMod("example.com/retracted", "module example.com/retracted\n\nretract v1.0.0\n");
        facts.publish(mv(module, version), T0.minus(Duration.ofHours(1)), true);
        PolicyGate gate = gate(EVERY_RULE);
        ModuleVersion mv = mv(module, version);
        assertThat(gate.forListing(mv).verdict()).isEqualTo(before);
        assertThat(gate.forListing(mv).rule()).isEqualTo("policy.txt:" + line);
        assertThat(gate.forDownload(mv, "zip", "test").verdict()).isEqualTo(before);

        approve(mv, null);
        gate.forgetDecisions();
        for (Decision d : List.of(gate.forListing(mv), gate.forDownload(mv, "zip", "test"))) {
            assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
            assertThat(d.rule()).isEqualTo("approval");
            assertThat(d.ruleText()).isEqualTo("approved by alice at " + T0);
            assertThat(d.reason()).isEqualTo("reviewed in TICKET-7");
        }
    }

    @Test
    void anApprovalThatEndedDoesNotCount() throws Exception {
        ModuleVersion mv = mv("example.com/denied", "v1.0.0");
        approve(mv, T0.minusSeconds(1));
        assertThat(gate(EVERY_RULE).forListing(mv).rule()).isEqualTo("policy.txt:3");
    }

    /** A pinned version was reviewed: neither its retraction nor the cooldown is looked at. */
    @Test
    void aPinDecidesAlone() throws Exception {
        facts.goMod("example.com/pinned", "module example.com/pinned\n\nretract v1.0.0\n");
        ModuleVersion pinned = mv("example.com/pinned", "v1.0.0");
        facts.publish(pinned, T0, true);
        PolicyGate gate = gate(EVERY_RULE);
        assertThat(gate.forListing(pinned)).isEqualTo(new Decision(Verdict.ALLOW, "policy.txt:4", "pin example.com/pinned v1.0.0", "pinned", null));
        assertThat(gate.forDownload(pinned, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(gate.forDownload(mv("example.com/pinned", "v1.1.0"), "zip", "test").verdict()).isEqualTo(Verdict.DENY);
        assertThat(facts.latestGoModCalls).isZero();
        assertThat(facts.publishedCalls).isZero();
        assertThat(facts.publishedIfStoredCalls).isZero();
        assertThat(state.seen).isEmpty();
    }

    /** A denied version stays denied by its line (with its reason), not by the retraction; go.mod is not even read. */
    @ParameterizedTest
    @CsvSource({"deny", "hide"})
    void aDenyComesBeforeTheRetraction(String retracted) throws Exception {
        facts.goMod("example.com/denied", "module example.com/denied\n\nretract v1.0.0\n");
        PolicyGate gate = gate(EVERY_RULE.replace("retracted deny", "retracted " + retracted));
        Decision d = gate.forDownload(mv("example.com/denied", "v1.0.0"), "zip", "test");
        assertThat(d).isEqualTo(new Decision(Verdict.DENY, "policy.txt:3", "deny example.com/denied", "not reviewed", null));
        assertThat(facts.latestGoModCalls).isZero();
    }

    private static final String RETRACTING_GO_MOD = """
            module example.com/m

            go 1.21

            retract (
                [v1.1.0, v1.2.0] // broken builds
                v1.5.0 // published by mistake
            )
            """;

    // VERSION -> retracted deny -> retracted hide
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            v1.0.0       -> ALLOW -> ALLOW
            v1.1.0       -> DENY  -> HIDE
            v1.1.5       -> DENY  -> HIDE
            v1.2.0-rc.1  -> DENY  -> HIDE
            v1.1.1-0.20200101000000-abcdefabcdef -> DENY -> HIDE
            v1.2.0       -> DENY  -> HIDE
            v1.2.1       -> ALLOW -> ALLOW
            v1.5.0-rc.1  -> ALLOW -> ALLOW
            v1.5.0       -> DENY  -> HIDE
            v1.5.1       -> ALLOW -> ALLOW
            """)
    void retractedVersions(String version, Verdict whenDeny, Verdict whenHide) throws Exception {
        facts.goMod("example.com/m", RETRACTING_GO_MOD);
        ModuleVersion mv = mv("example.com/m", version);
        Decision denied = gate("retracted deny\n").forListing(mv);
        assertThat(denied.verdict()).isEqualTo(whenDeny);
        Decision hidden = gate("# hide them\nretracted hide\n").forDownload(mv, "zip", "test");
        assertThat(hidden.verdict()).isEqualTo(whenHide);
        if (whenDeny == Verdict.DENY) {
            assertThat(denied).isEqualTo(new Decision(Verdict.DENY, "policy.txt:1", "retracted deny", "retracted by the module's authors", null));
            assertThat(hidden).isEqualTo(new Decision(Verdict.HIDE, "policy.txt:2", "retracted hide", "retracted by the module's authors", null));
            assertThat(hidden.downloadable()).isTrue();
            assertThat(hidden.listed()).isFalse();
        }
        Decision allowed = gate("retracted allow\n").forListing(mv);
        assertThat(allowed.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(facts.latestGoModCalls).isEqualTo(2); // once per gate that needs it, never for "retracted allow"
    }

    @Test
    void retractionsAreReadOncePerModule() throws Exception {
        facts.goMod("example.com/m", RETRACTING_GO_MOD);
        PolicyGate gate = gate("retracted deny\n");
        for (String v : List.of("v1.0.0", "v1.1.0", "v1.3.0", "v1.5.0")) gate.forListing(mv("example.com/m", v));
        assertThat(facts.latestGoModCalls).isEqualTo(1);
        assertThat(gate.forListing(mv("example.com/other", "v1.1.0")).verdict()).isEqualTo(Verdict.ALLOW); // no go.mod at all
        assertThat(facts.latestGoModCalls).isEqualTo(2);
    }

    @Test
    void aHiddenVersionIsStillHeld() throws Exception {
        facts.goMod("example.com/m", RETRACTING_GO_MOD);
        Decision d = gate("retracted hide\ncooldown * 1d\n").forListing(mv("example.com/m", "v1.5.0"));
        assertThat(d.verdict()).isEqualTo(Verdict.HOLD);
        assertThat(d.until()).isEqualTo(T0.plus(DAY));
    }

    private static final String COOLDOWN = "cooldown * 7d except corp.example\n";

    /** A version first seen now whose commit is back-dated is held from now: the .info Time cannot shorten a hold. */
    @Test
    void heldFromFirstSeenWhenPublishedEarlier() throws Exception {
        ModuleVersion mv = mv("example.com/m", "v1.0.0");
        facts.publish(mv, T0.minus(Duration.ofDays(30)), true);
        PolicyGate gate = gate(COOLDOWN);
        Decision d = gate.forListing(mv);
        assertThat(d).isEqualTo(new Decision(Verdict.HOLD, "policy.txt:1", "cooldown * 7d except corp.example",
                "new versions wait 7d before use", T0.plus(Duration.ofDays(7))));
        assertThat(gate.forDownload(mv, "zip", "test").until()).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(state.seen).containsExactly(Map.entry("example.com/m@v1.0.0", T0));
    }

    /** A .info Time in the future (a clock ahead, or a lie) makes the hold longer. */
    @Test
    void heldFromPublishedWhenThatIsLater() throws Exception {
        ModuleVersion mv = mv("example.com/m", "v1.0.0");
        facts.publish(mv, T0.plus(Duration.ofDays(2)), false);
        PolicyGate gate = gate(COOLDOWN);
        assertThat(gate.forDownload(mv, "zip", "test").until()).isEqualTo(T0.plus(Duration.ofDays(9)));
        // a list does not fetch the .info: it counts from first seen only
        assertThat(gate.forListing(mv).until()).isEqualTo(T0.plus(Duration.ofDays(7)));
        facts.stored.add(mv);
        assertThat(gate(COOLDOWN).forListing(mv).until()).isEqualTo(T0.plus(Duration.ofDays(9)));
    }

    /** Lists must not fetch each version's .info: they use a stored one; a download fetches it. */
    @Test
    void onlyDownloadsFetchTheInfo() throws Exception {
        ModuleVersion mv = mv("example.com/m", "v1.0.0");
        facts.publish(mv, T0.minus(DAY), false);
        PolicyGate gate = gate(COOLDOWN);
        gate.forListing(mv);
        gate.forListing(mv("example.com/m", "v1.1.0"));
        assertThat(facts.publishedCalls).isZero();
        assertThat(facts.publishedIfStoredCalls).isEqualTo(2);
        gate.forDownload(mv, "zip", "test");
        assertThat(facts.publishedCalls).isEqualTo(1);
    }

    /** A cooldown added today does not hold versions stored here for months. */
    @Test
    void aVersionStoredLongAgoCountsFromItsStoredTime() throws Exception {
        ModuleVersion old = mv("example.com/m", "v1.0.0");
        facts.storedSince.put(old, T0.minus(Duration.ofDays(100)));
        facts.publish(old, T0.minus(Duration.ofDays(100)), true);
        PolicyGate gate = gate(COOLDOWN);
        assertThat(gate.forDownload(old, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(gate.forListing(old).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(state.seen).containsEntry("example.com/m@v1.0.0", T0.minus(Duration.ofDays(100)));
    }

    /** seen() records a list's versions when the list is read: stored ones from their stored time, new ones from now. */
    @Test
    void seenRecordsWhenEachVersionCameIn() throws Exception {
        ModuleVersion stored = mv("example.com/m", "v1.0.0");
        ModuleVersion fresh = mv("example.com/m", "v1.1.0");
        facts.storedSince.put(stored, T0.minus(Duration.ofDays(10)));
        PolicyGate gate = gate(COOLDOWN);
        gate.seen("example.com/m", List.of("v1.0.0", "v1.1.0"));
        assertThat(state.seen).containsOnly(Map.entry("example.com/m@v1.0.0", T0.minus(Duration.ofDays(10))), Map.entry("example.com/m@v1.1.0", T0));

        clock.now = T0.plus(Duration.ofDays(3));
        facts.storedSince.clear(); // what counts now is the record, not the storage
        PolicyGate later = gate(COOLDOWN);
        later.seen("example.com/m", List.of("v1.0.0", "v1.1.0")); // seen again: the first time stays
        assertThat(later.forListing(stored).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(later.forListing(fresh).until()).isEqualTo(T0.plus(Duration.ofDays(7)));
    }

    @Test
    void seenRecordsNothingWithoutACooldown() throws Exception {
        gate(COOLDOWN).seen("corp.example/lib", List.of("v1.0.0"));
        gate("deny x\n").seen("example.com/m", List.of("v1.0.0"));
        assertThat(state.seen).isEmpty();
        assertThat(gate(COOLDOWN).forDownload(mv("corp.example/lib", "v1.0.0"), "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(state.seen).isEmpty();
    }

    @Test
    void aHoldEndsWhenTheClockPassesIt() throws Exception {
        ModuleVersion mv = mv("example.com/m", "v1.0.0");
        PolicyGate gate = gate(COOLDOWN);
        assertThat(gate.knownListing(mv)).isNull();
        Decision held = gate.forListing(mv);
        Decision download = gate.forDownload(mv, "zip", "test");
        Instant until = T0.plus(Duration.ofDays(7));
        assertThat(held.until()).isEqualTo(until);
        assertThat(gate.knownListing(mv)).isSameAs(held);
        assertThat(gate.knownDownload(mv)).isSameAs(download);

        clock.now = until.minusSeconds(1); // long past the list TTL: decided again, still held, to the same end
        assertThat(gate.forListing(mv).verdict()).isEqualTo(Verdict.HOLD);
        assertThat(gate.forListing(mv).until()).isEqualTo(until);

        clock.now = until;
        assertThat(gate.knownListing(mv)).isNull();
        assertThat(gate.knownDownload(mv)).isNull();
        assertThat(gate.forListing(mv)).isEqualTo(new Decision(Verdict.ALLOW, "default", "default allow (no default line)", "", null));
        assertThat(gate.forDownload(mv, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(gate.knownListing(mv).verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void anApprovalStopsCountingWhenItEndsThoughItsDecisionWasKept() throws Exception {
        ModuleVersion denied = mv("example.com/denied", "v1.0.0");
        approve(denied, T0.plus(DAY));
        PolicyGate gate = gate("deny example.com/denied\n");
        assertThat(gate.forDownload(denied, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(gate.knownDownload(denied)).isNotNull();

        clock.now = T0.plus(DAY).plusSeconds(1); // no forgetDecisions(): the approval's end alone must count
        assertThat(gate.knownDownload(denied)).isNull();
        assertThat(gate.forDownload(denied, "zip", "test").verdict()).isEqualTo(Verdict.DENY);
        assertThat(gate.forListing(denied).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void aRetractionPublishedLaterReachesVersionsAlreadyDecided() throws Exception {
        ModuleVersion v = mv("example.com/m", "v1.0.0");
        facts.goMod("example.com/m", "module example.com/m\n");
        PolicyGate gate = gate("retracted deny\n");
        assertThat(gate.forDownload(v, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);

        facts.goMod("example.com/m", "module example.com/m\n\nretract v1.0.0\n"); // a new latest version retracts it
        clock.now = T0.plus(Duration.ofMinutes(4));
        assertThat(gate.forDownload(v, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW); // within the list TTL (5m here)
        clock.now = T0.plus(Duration.ofMinutes(6));
        assertThat(gate.forDownload(v, "zip", "test").verdict()).isEqualTo(Verdict.DENY);
        assertThat(gate.forListing(v).verdict()).isEqualTo(Verdict.DENY);
    }

    /** Decisions are kept until approvals change: then every one is made again. */
    @Test
    void forgetDecisionsMakesApprovalsCount() throws Exception {
        ModuleVersion mv = mv("example.com/denied", "v1.0.0");
        PolicyGate gate = gate(EVERY_RULE);
        assertThat(gate.forListing(mv).verdict()).isEqualTo(Verdict.DENY);
        assertThat(gate.forDownload(mv, "zip", "test").verdict()).isEqualTo(Verdict.DENY);
        approve(mv, null);
        assertThat(gate.forListing(mv).verdict()).isEqualTo(Verdict.DENY);
        assertThat(gate.knownDownload(mv).verdict()).isEqualTo(Verdict.DENY);

        gate.forgetDecisions();
        assertThat(gate.knownListing(mv)).isNull();
        assertThat(gate.knownDownload(mv)).isNull();
        assertThat(gate.forListing(mv).rule()).isEqualTo("approval");
        assertThat(gate.forDownload(mv, "zip", "test").rule()).isEqualTo("approval");

        state.approvals.clear(); // revoked
        gate.forgetDecisions();
        assertThat(gate.forDownload(mv, "zip", "test").rule()).isEqualTo("policy.txt:3");
    }

    /** The chain below the gate, reduced to fixed answers, counting the calls that cost a request. */
    // vuln lines (VulnIndex faked: it answers the entries given for each version, as a snapshot names them)

    private static final ModuleVersion VULNERABLE = new ModuleVersion("example.com/vulnerable", "v1.2.0");

    /** An entry for example.com/vulnerable: "i0 f1.2.3" style events, no "v" as in the database. */
    private static OsvEntry entry(String id, List<String> aliases, String summary, String... events) {
        List<OsvEntry.Event> es = new java.util.ArrayList<>();
        for (String e : events) es.add(e.startsWith("i") ? new OsvEntry.Event(e.substring(1), null) : new OsvEntry.Event(null, e.substring(1)));
        return new OsvEntry(id, T0, T0, null, aliases, summary, "", List.of(new OsvEntry.Affected(
                new OsvEntry.Module("example.com/vulnerable", "Go"), List.of(new OsvEntry.Range("SEMVER", es)), List.of())), List.of(), null);
    }

    private static final OsvEntry FIXED = entry("GO-2024-1234", List.of("CVE-2024-5678", "GHSA-abcd-efgh-ijkl"),
            "Denial of service in example.com/vulnerable", "i0", "f1.2.3");
    private static final OsvEntry UNFIXED = entry("GO-2024-2000", List.of(), "Path traversal\nin Open", "i1.0.0");

    private static final String MODULE_LEVEL = "module-level match: govulncheck may find your code does not call the vulnerable symbols; ask for an exception if so";

    @Test
    void vulnDenyRefusesWithIdsAliasesSummariesAndFixedVersions() throws Exception {
        vulns.affect(VULNERABLE, FIXED, UNFIXED);
        PolicyGate gate = gate("vuln deny\n");
        Decision d = gate.forDownload(VULNERABLE, "zip", "test");
        assertThat(d).isEqualTo(new Decision(Verdict.DENY, "policy.txt:1", "vuln deny",
                "GO-2024-1234 (CVE-2024-5678, GHSA-abcd-efgh-ijkl): Denial of service in example.com/vulnerable; fixed in v1.2.3"
                        + " | GO-2024-2000: Path traversal in Open; no fixed version | " + MODULE_LEVEL, null));
        assertThat(gate.forListing(VULNERABLE).verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.explain()).startsWith("denied by vuln deny (policy.txt:1): GO-2024-1234 (CVE-2024-5678, GHSA-abcd-efgh-ijkl)");
        // Versions no entry affects are decided as without the line.
        assertThat(gate.forDownload(mv("example.com/vulnerable", "v0.9.0"), "zip", "test")).isEqualTo(
                new Decision(Verdict.ALLOW, "default", "default allow (no default line)", "", null));
    }

    @Test
    void aLongListIsCounted() throws Exception {
        OsvEntry[] many = new OsvEntry[12];
        for (int i = 0; i < many.length; i++) many[i] = entry(String.format("GO-2024-%04d", i + 1), List.of(), "", "i0");
        vulns.affect(VULNERABLE, many);
        String reason = gate("vuln deny\n").forDownload(VULNERABLE, "zip", "test").reason();
        assertThat(reason).contains("GO-2024-0010; no fixed version | and 2 more | " + MODULE_LEVEL).doesNotContain("GO-2024-0011");
    }

    @Test
    void vulnWarnAllowsWithANote() throws Exception {
        vulns.affect(VULNERABLE, FIXED, UNFIXED);
        PolicyGate gate = gate("""
                allow example.com/* reason "reviewed"
                vuln warn
                """);
        Decision d = gate.forDownload(VULNERABLE, "zip", "test");
        String note = "vuln warn policy.txt:2: GO-2024-1234 (CVE-2024-5678, GHSA-abcd-efgh-ijkl) fixed in v1.2.3, GO-2024-2000 not fixed (module-level match)";
        assertThat(d).isEqualTo(new Decision(Verdict.ALLOW, "policy.txt:1", "allow example.com/*", "reviewed", null, note));
        assertThat(d.header()).isEqualTo("allow policy.txt:1; " + note);
        assertThat(d.explain()).isEqualTo("allowed by allow example.com/* (policy.txt:1): reviewed; " + note);
        assertThat(gate.forListing(VULNERABLE)).isEqualTo(d);
        // Without entries there is nothing to note.
        assertThat(gate.forDownload(mv("example.com/vulnerable", "v0.9.0"), "zip", "test").note()).isEmpty();
    }

    /** A warned version still passes the steps after the vuln lines; a hold keeps the warning. */
    @Test
    void aWarnedVersionIsStillHeldAndRetracted() throws Exception {
        vulns.affect(VULNERABLE, FIXED);
        facts.goMod("example.com/vulnerable", "module example.com/vulnerable\n\nretract v1.2.0\n");
        Decision hidden = gate("vuln warn\nretracted hide\n").forDownload(VULNERABLE, "zip", "test");
        assertThat(hidden.verdict()).isEqualTo(Verdict.HIDE);
        assertThat(hidden.note()).startsWith("vuln warn policy.txt:1: GO-2024-1234");
        Decision held = gate("vuln warn\ncooldown * 7d\n").forDownload(VULNERABLE, "zip", "test");
        assertThat(held.verdict()).isEqualTo(Verdict.HOLD);
        assertThat(held.note()).startsWith("vuln warn policy.txt:1: GO-2024-1234");
    }

    @ParameterizedTest(name = "[{index}] except {0}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            GO-2024-1234                     -> DENY  -> GO-2024-2000
            cve-2024-5678                    -> DENY  -> GO-2024-2000
            GHSA-abcd-efgh-ijkl              -> DENY  -> GO-2024-2000
            GO-2024-2000                     -> DENY  -> GO-2024-1234
            CVE-2024-5678,GO-2024-2000       -> ALLOW -> ''
            GO-2023-0001                     -> DENY  -> GO-2024-1234
            """)
    void exceptIdsLeaveEntriesOut(String except, Verdict verdict, String first) throws Exception {
        vulns.affect(VULNERABLE, FIXED, UNFIXED);
        Decision d = gate("vuln deny * except " + except + "\n").forDownload(VULNERABLE, "zip", "test");
        assertThat(d.verdict()).isEqualTo(verdict);
        if (verdict == Verdict.DENY) assertThat(d.reason()).startsWith(first);
        else assertThat(d.note()).isEmpty();
    }

    @Test
    void fixedAvailableCountsOnlyEntriesWithAFix() throws Exception {
        vulns.affect(VULNERABLE, UNFIXED);
        ModuleVersion other = mv("example.com/vulnerable", "v1.1.0");
        vulns.affect(other, FIXED, UNFIXED);
        PolicyGate gate = gate("vuln deny fixed-available\n");
        assertThat(gate.forDownload(VULNERABLE, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        Decision d = gate.forDownload(other, "zip", "test");
        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.reason()).startsWith("GO-2024-1234 (CVE-2024-5678, GHSA-abcd-efgh-ijkl): Denial of service in example.com/vulnerable; fixed in v1.2.3 | module-level");
    }

    /** The most specific line decides, as allow and deny lines do: a warn for one module under a deny for all. */
    @Test
    void theMostSpecificVulnLineDecides() throws Exception {
        ModuleVersion elsewhere = mv("other.example/m", "v1.0.0");
        vulns.affect(VULNERABLE, FIXED);
        vulns.affect(elsewhere, FIXED);
        PolicyGate gate = gate("vuln deny\nvuln warn example.com/*\n");
        assertThat(gate.forDownload(VULNERABLE, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(gate.forDownload(VULNERABLE, "zip", "test").note()).startsWith("vuln warn policy.txt:2:");
        assertThat(gate.forDownload(elsewhere, "zip", "test").rule()).isEqualTo("policy.txt:1");
    }

    @Test
    void anApprovalBeatsAVulnDeny() throws Exception {
        vulns.affect(VULNERABLE, FIXED);
        PolicyGate gate = gate("vuln deny\n");
        assertThat(gate.forDownload(VULNERABLE, "zip", "test").verdict()).isEqualTo(Verdict.DENY);
        approve(VULNERABLE, null);
        gate.forgetDecisions();
        Decision d = gate.forDownload(VULNERABLE, "zip", "test");
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(d.rule()).isEqualTo("approval");
        assertThat(d.note()).isEmpty();
    }

    /** A pinned version was reviewed, and a deny line comes first: neither asks the database. */
    @Test
    void pinsAndDenyLinesDecideWithoutTheDatabase() throws Exception {
        vulns.affect(VULNERABLE, FIXED);
        PolicyGate gate = gate("""
                vuln deny
                pin example.com/vulnerable v1.2.0
                deny example.com/denied reason "not reviewed"
                """);
        assertThat(gate.forDownload(VULNERABLE, "zip", "test")).isEqualTo(
                new Decision(Verdict.ALLOW, "policy.txt:2", "pin example.com/vulnerable v1.2.0", "pinned", null));
        assertThat(gate.forDownload(mv("example.com/denied", "v1.0.0"), "zip", "test")).isEqualTo(
                new Decision(Verdict.DENY, "policy.txt:3", "deny example.com/denied", "not reviewed", null));
        assertThat(vulns.affectingCalls).isZero();
    }

    @Test
    void aNewSnapshotIsDecidedAgainAtOnce() throws Exception {
        PolicyGate gate = gate("vuln deny\n");
        assertThat(gate.forListing(VULNERABLE).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(gate.forDownload(VULNERABLE, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        // Data changing under the same snapshot name is not looked at again: decisions are per snapshot.
        vulns.affect(VULNERABLE, FIXED);
        assertThat(gate.knownDownload(VULNERABLE).verdict()).isEqualTo(Verdict.ALLOW);
        int calls = vulns.affectingCalls;
        vulns.snapshot = "s2";
        assertThat(gate.knownDownload(VULNERABLE)).isNull();
        assertThat(gate.knownListing(VULNERABLE)).isNull();
        assertThat(gate.forListing(VULNERABLE).verdict()).isEqualTo(Verdict.DENY);
        assertThat(gate.forDownload(VULNERABLE, "zip", "test").verdict()).isEqualTo(Verdict.DENY);
        assertThat(vulns.affectingCalls).isEqualTo(calls + 2);
        // and the new decisions are kept
        assertThat(gate.knownDownload(VULNERABLE).verdict()).isEqualTo(Verdict.DENY);
        assertThat(vulns.affectingCalls).isEqualTo(calls + 2);
    }

    /** A decision made while the snapshot changed is not kept: the next lookup decides with the new one. */
    @Test
    void aDecisionMadeAcrossASnapshotChangeIsNotKept() throws Exception {
        PolicyGate gate = gate("vuln deny\n");
        vulns.whileAsked = () -> vulns.snapshot = "s2";
        assertThat(gate.forListing(VULNERABLE).verdict()).isEqualTo(Verdict.ALLOW);
        vulns.whileAsked = null;
        assertThat(gate.knownListing(VULNERABLE)).isNull();
    }

    @Test
    void aPolicyWithoutVulnLinesNeverAsksTheDatabase() throws Exception {
        vulns.affect(VULNERABLE, FIXED);
        PolicyGate gate = gate("deny example.com/denied\n");
        assertThat(gate.forDownload(VULNERABLE, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        vulns.snapshot = "s2";
        assertThat(gate.knownDownload(VULNERABLE)).isNotNull();
        assertThat(vulns.affectingCalls).isZero();
        assertThat(vulns.snapshotCalls).isZero();
    }

    @Test
    void aDatabaseThatFailsStopsNoBuild() throws Exception {
        vulns.fail = true;
        Decision d = gate("vuln deny\n").forDownload(VULNERABLE, "zip", "test");
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(ExpectedErrors.seen()).anyMatch(l -> l.contains("reading the vulnerability database failed; deciding example.com/vulnerable@v1.2.0 without it"));
    }

    /** Entries per version, under a snapshot name the test sets. */
    private static final class FakeVulns implements VulnIndex {
        final Map<ModuleVersion, List<OsvEntry>> entries = new HashMap<>();
        volatile String snapshot = "s1";
        int affectingCalls;
        int snapshotCalls;
        boolean fail;
        Runnable whileAsked;

        void affect(ModuleVersion mv, OsvEntry... es) {
            entries.put(mv, List.of(es));
        }

        @Override public List<OsvEntry> affecting(ModuleVersion mv) {
            affectingCalls++;
            if (fail) throw new IllegalStateException("snapshot unreadable");
            if (whileAsked != null) whileAsked.run();
            return entries.getOrDefault(mv, List.of());
        }

        @Override public String snapshot() {
            snapshotCalls++;
            return snapshot;
        }
    }

    private static final class FakeFacts implements PolicyGate.Facts {
        final Map<ModuleVersion, Instant> published = new HashMap<>();
        /** Versions whose .info is stored here (publishedIfStored answers for them). */
        final Set<ModuleVersion> stored = new HashSet<>();
        final Map<ModuleVersion, Instant> storedSince = new HashMap<>();
        final Map<String, String> goMods = new HashMap<>();
        int publishedCalls;
        int publishedIfStoredCalls;
        int latestGoModCalls;

        void publish(ModuleVersion mv, Instant time, boolean infoStored) {
            published.put(mv, time);
            if (infoStored) stored.add(mv);
        }

        void goMod(String module, String text) {
            goMods.put(module, text);
        }

        @Override public Instant published(ModuleVersion mv) {
            publishedCalls++;
            return published.get(mv);
        }

        @Override public Instant publishedIfStored(ModuleVersion mv) {
            publishedIfStoredCalls++;
            return stored.contains(mv) ? published.get(mv) : null;
        }

        @Override public Instant storedSince(ModuleVersion mv) {
            return storedSince.get(mv);
        }

        @Override public byte[] latestGoMod(String module) {
            latestGoModCalls++;
            String text = goMods.get(module);
            return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        }

        final Map<ModuleVersion, dev.modgate.licence.ModuleLicences> licences = new HashMap<>();
        int licenceCalls;

        void licence(ModuleVersion mv, dev.modgate.licence.DetectedLicence... files) {
            licences.put(mv, new dev.modgate.licence.ModuleLicences(List.of(files)));
        }

        @Override public dev.modgate.licence.ModuleLicences licences(ModuleVersion mv) {
            licenceCalls++;
            return licences.getOrDefault(mv, new dev.modgate.licence.ModuleLicences(List.of()));
        }
    }

    private static dev.modgate.licence.DetectedLicence file(String path, double coverage, String... ids) {
        return new dev.modgate.licence.DetectedLicence(path, List.of(ids), coverage);
    }

    @Test
    void licenceLinesDecideDownloadsOnTheRootLicenceFiles() throws Exception {
        ModuleVersion gpl = mv("example.com/gpl", "v1.0.0"), mit = mv("example.com/mit", "v1.0.0"), bsd = mv("example.com/bsd", "v1.0.0");
        ModuleVersion none = mv("example.com/none", "v1.0.0"), dual = mv("example.com/dual", "v1.0.0"), vague = mv("example.com/vague", "v1.0.0");
        facts.licence(gpl, file("LICENSE", 98, "GPL-3.0"));
        facts.licence(mit, file("LICENSE", 100, "MIT"), file("sub/LICENSE", 99, "GPL-3.0")); // a package's licence does not count
        facts.licence(bsd, file("LICENSE.md", 97, "BSD-3-Clause"));
        facts.licence(dual, file("LICENSE", 95, "MIT", "Apache-2.0"));
        facts.licence(vague, file("COPYING", 40, "UNKNOWN"));
        PolicyGate gate = gate("""
                license deny GPL-3.0,AGPL-3.0
                license allow mit,Apache-2.0
                license unknown deny
                """);
        Decision d = gate.forDownload(gpl, "zip", "test");
        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.rule()).isEqualTo("policy.txt:1");
        assertThat(d.reason()).isEqualTo("LICENSE is GPL-3.0 (98% licence text)");
        assertThat(gate.forDownload(mit, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(gate.forDownload(dual, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        Decision notAllowed = gate.forDownload(bsd, "zip", "test");
        assertThat(notAllowed.verdict()).isEqualTo(Verdict.DENY);
        assertThat(notAllowed.rule()).isEqualTo("policy.txt:2");
        assertThat(notAllowed.reason()).contains("LICENSE.md is BSD-3-Clause").contains("no license allow line");
        assertThat(gate.forDownload(none, "zip", "test").reason()).isEqualTo("no licence file at the module root");
        assertThat(gate.forDownload(vague, "zip", "test").reason()).contains("COPYING (40% licence text)");
        // Lists never read zips: the licence lines decide downloads only.
        int calls = facts.licenceCalls;
        assertThat(gate.forListing(mv("example.com/gpl", "v1.1.0")).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(facts.licenceCalls).isEqualTo(calls);
    }

    @Test
    void anUnknownLicenceMayOnlyWarnAndPinsAndApprovalsSkipTheLicenceLines() throws Exception {
        ModuleVersion none = mv("example.com/none", "v1.0.0"), gpl = mv("example.com/gpl", "v1.0.0"), pinned = mv("example.com/pinned", "v1.0.0");
        facts.licence(gpl, file("LICENSE", 98, "GPL-3.0"));
        facts.licence(pinned, file("LICENSE", 98, "GPL-3.0"));
        approve(gpl, null);
        PolicyGate gate = gate("license deny GPL-3.0\nlicense unknown warn\npin example.com/pinned v1.0.0\n");
        Decision warned = gate.forDownload(none, "zip", "test");
        assertThat(warned.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(warned.note()).isEqualTo("license unknown policy.txt:2: no licence file at the module root");
        assertThat(gate.forDownload(gpl, "zip", "test").rule()).isEqualTo("approval");
        assertThat(gate.forDownload(pinned, "zip", "test").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(facts.licenceCalls).isEqualTo(1); // the unknown one only
    }

    /** Approvals and first-seen times in memory: the gate's part of the interface only. */
    private static final class MemoryState implements PolicyState {
        final Map<String, Instant> seen = new HashMap<>();
        final Map<ModuleVersion, Approval> approvals = new HashMap<>();

        @Override public Map<String, Instant> firstSeen(String module, Collection<String> versions, Instant seenAt) {
            Map<String, Instant> first = new HashMap<>();
            for (String v : versions) first.put(v, seen.merge(module + "@" + v, seenAt, (a, b) -> a.isBefore(b) ? a : b));
            return first;
        }

        @Override public Optional<Approval> approval(ModuleVersion mv, Instant now) {
            Approval a = approvals.get(mv);
            return a != null && (a.until() == null || now.isBefore(a.until())) ? Optional.of(a) : Optional.empty();
        }

        @Override public void approve(Approval a) { approvals.put(a.mv(), a); }

        @Override public void revoke(ModuleVersion mv, String by, String reason, Instant at) { approvals.remove(mv); }

        @Override public List<ApprovalEvent> approvalLog() { return List.of(); }

        @Override public void requested(PendingRequest r) {}

        @Override public List<PendingRequest> pending(Instant now) { return List.of(); }
    }

    private static final class TestClock extends Clock {
        Instant now;

        TestClock(Instant now) { this.now = now; }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }
    }
}
