package dev.modgate.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.ModuleVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * golang/vuln's tables (internal/semver/affects_test.go, fixed_test.go, semver_test.go; internal/vulncheck's
 * utils_test.go TestFixedVersion and vulncheck_test.go TestFilterVulns, at 19b0bb6a), as data, then what modgate adds:
 * module versions with their "v", +incompatible, pseudo-versions, golang.org/toolchain against stdlib and toolchain.
 *
 * <p>Ranges are written "TYPE EVENT..." separated by " ; ", each event iVERSION (introduced) or fVERSION (fixed);
 * affected lists "PATH: RANGES" separated by " | ".
 */
class AffectsTest {
    /** "SEMVER i0 f2.0.0 ; unspecified i3.0.0"; "" for no ranges. */
    static List<OsvEntry.Range> ranges(String text) {
        List<OsvEntry.Range> out = new ArrayList<>();
        if (text.isBlank()) return out;
        for (String r : text.split(" ; ")) {
            String[] w = r.strip().split(" +");
            List<OsvEntry.Event> events = new ArrayList<>();
            for (int i = 1; i < w.length; i++) {
                String v = w[i].substring(1);
                events.add(w[i].charAt(0) == 'i' ? new OsvEntry.Event(v, null) : new OsvEntry.Event(null, v));
            }
            out.add(new OsvEntry.Range(w[0], events));
        }
        return out;
    }

    /** "example.com/m: SEMVER i1.0.0 f1.2.3 | example.com/n: SEMVER i0". */
    static OsvEntry entry(String id, String affected) {
        List<OsvEntry.Affected> as = new ArrayList<>();
        if (!affected.isBlank()) {
            for (String a : affected.split(" \\| ")) {
                int colon = a.indexOf(':');
                as.add(new OsvEntry.Affected(new OsvEntry.Module(a.substring(0, colon).strip(), "Go"), ranges(a.substring(colon + 1)), List.of()));
            }
        }
        return new OsvEntry(id, Instant.EPOCH, null, null, List.of(), "", "", as, List.of(), null);
    }

    // affects_test.go TestAffectsSemver: RANGES -> VERSION -> WANT
    @ParameterizedTest(name = "[{index}] {0} @ {1}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            ''                                                     -> v0.0.0  -> true
            SEMVER                                                 -> v0.0.0  -> true
            SEMVER i0                                              -> v0.0.0  -> true
            SEMVER i0 f2.0.0                                       -> v1.0.0  -> true
            SEMVER i0.0.1                                          -> v1.0.0  -> true
            SEMVER i1.0.0                                          -> v1.0.0  -> true
            SEMVER i1.0.0 f2.0.0                                   -> v1.0.0  -> true
            SEMVER i0.0.1 f2.0.0                                   -> v1.0.0  -> true
            SEMVER i1.0.0 f2.0.0                                   -> v3.0.0  -> false
            SEMVER i1.0.0 f2.0.0 i3.0.0                            -> v3.0.0  -> true
            SEMVER i0 f1.18.6 i1.19.0 f1.19.1                      -> v1.18.6 -> false
            SEMVER i0 i1.19.0 f1.19.1                              -> v1.18.6 -> true
            SEMVER i1.19.0 f1.19.1 i0 f1.18.6                      -> v1.18.1 -> true
            unspecified i3.0.0                                     -> v3.0.0  -> true
            unspecified i3.0.0 ; SEMVER i4.0.0                     -> v3.0.0  -> false
            unspecified i3.0.0 ; SEMVER i3.0.0                     -> v3.0.0  -> true
            SEMVER i3.0.0                                          -> go3.0.1 -> true
            """)
    void affectsSemver(String ranges, String version, boolean want) {
        assertThat(Affects.affects(ranges(ranges), version)).isEqualTo(want);
    }

    // fixed_test.go TestNonSupersededFix: RANGES -> WANT
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            ''                                                                                            -> ''
            SEMVER i0                                                                                     -> ''
            SEMVER i0 f1.0.4 i1.1.2                                                                       -> ''
            SEMVER f1.0.4 i0 i1.1.2 i1.5.0 f1.1.4                                                         -> ''
            SEMVER f1.0.0 i0 f0.1.0 i0.5.0                                                                -> 1.0.0
            SEMVER i0 f0.1.0 ; SEMVER i0 f0.2.0                                                           -> 0.2.0
            SEMVER i0 f0.0.0-20220824120805-abc i0.0.0-20230824120805-efg f0.0.0-20240824120805-hij      -> 0.0.0-20240824120805-hij
            """)
    void nonSupersededFix(String ranges, String want) {
        assertThat(Affects.nonSupersededFix(ranges(ranges))).isEqualTo(want);
    }

    // semver_test.go TestCanonicalize
    @ParameterizedTest
    @CsvSource({"v1.2.3, v1.2.3", "1.2.3, v1.2.3", "go1.2.3, v1.2.3"})
    void canonicalize(String v, String want) {
        assertThat(Affects.canonicalizeSemverPrefix(v)).isEqualTo(want);
    }

    // semver_test.go TestGoTagToSemver, then the go command's own tags and what is not one
    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", textBlock = """
            go1.19          -> v1.19.0
            go1.20-pre4     -> v1.20.0-pre.4
            go1.21.0        -> v1.21.0
            go1.21rc2       -> v1.21.0-rc.2
            go1.22beta1     -> v1.22.0-beta.1
            go1.9.2         -> v1.9.2
            go1             -> v1.0.0
            go1.0           -> ''
            go1.21.0 extra  -> v1.21.0
            1.21.0          -> ''
            go1.21.x        -> ''
            ''              -> ''
            """)
    void goTagToSemver(String tag, String want) {
        assertThat(Affects.goTagToSemver(tag)).isEqualTo(want);
    }

    // semver_test.go TestSemverToGoTag, then the first release of go1.21 and later, which has its .0
    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", textBlock = """
            v1.19.0                                     -> go1.19
            v1.20.0-pre.4                               -> go1.20-pre4
            v1.0.0                                      -> go1
            v1.20.0-rc.1                                -> go1.20-rc1
            v1.20.0-beta.1                              -> go1.20-beta1
            v1.20.0-alpha.1                             -> go1.20-alpha1
            v1.20.0-alpha.1+incompatible                -> go1.20-alpha1
            v1.20.0-alpha.1-0.20220101230456-1234abcd   -> go1.20-alpha.1-0.20220101230456-1234abcd
            v1.21.0                                     -> go1.21.0
            v1.21.5                                     -> go1.21.5
            v1.21.0-rc.2                                -> go1.21-rc2
            """)
    void semverToGoTag(String v, String want) {
        assertThat(Affects.semverToGoTag(v)).isEqualTo(want);
    }

    // semver_test.go TestLess
    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", textBlock = """
            go1.19       -> go1.19         -> false
            go1.19.1     -> go1.19         -> false
            v0.2.1       -> v0.3.0         -> true
            go1.12.2     -> go1.18         -> true
            v1.20.0-pre4 -> v1.20.0-pre.4  -> false
            v1.20.0-pre4 -> v1.20.0-pre4.4 -> true
            """)
    void less(String v1, String v2, boolean want) {
        assertThat(Affects.less(v1, v2)).isEqualTo(want);
    }

    // vulncheck utils_test.go TestFixedVersion: MODULE -> VERSION -> AFFECTED -> WANT
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            empty       -> ''                 -> ''      -> ''                                                                                    -> ''
            no semver   -> example.com/module -> v1.2.0  -> example.com/module: unspecified iv1.0.0 fv1.2.3                                      -> ''
            one         -> example.com/module -> v1.0.1  -> example.com/module: SEMVER iv1.0.0 fv1.2.3                                           -> v1.2.3
            several     -> example.com/module -> v1.2.0  -> example.com/module: SEMVER iv1.0.0 fv1.2.3 iv1.5.0 fv1.5.6 | example.com/module: SEMVER iv1.3.0 fv1.4.1 | example.com/anothermodule: SEMVER i0 fv1.6.0 -> v1.2.3
            no v prefix -> example.com/module -> 1.18.1  -> example.com/module: SEMVER f1.17.2 | example.com/module: SEMVER i1.18.0 f1.18.4       -> v1.18.4
            overlapping -> example.com/module -> ''      -> example.com/module: SEMVER iv1.0.0 fv1.2.3 iv1.5.0 | example.com/module: SEMVER iv1.2.0 fv1.4.1 -> v1.4.1
            """)
    void fixedVersion(String name, String module, String version, String affected, String want) {
        assertThat(Affects.fixedVersion(entry("GO-0000-0000", affected), List.of(module), version)).isEqualTo(want);
    }

    /** vulncheck_test.go TestFilterVulns: which entries affect a module version on linux/amd64 (IDs as there). */
    @Test
    void filterVulnsOnLinuxAmd64() {
        record Case(String module, String version, OsvEntry entry, boolean want) {}
        List<Case> cases = List.of(
                new Case("example.mod/a", "v1.0.0", new OsvEntry("a", Instant.EPOCH, null, null, List.of(), "", "", List.of(
                        affected("example.mod/a", "SEMVER i1.0.0 f2.0.0"),
                        affected("a.example.mod/a", "SEMVER i1.0.0 f2.0.0"),
                        affected("example.mod/a", "SEMVER i0 f0.9.0")), List.of(), null), true),
                new Case("example.mod/a", "v1.0.0", onPlatform("b", "example.mod/a", "SEMVER i1.0.1", List.of("windows", "linux"), List.of()), false),
                new Case("example.mod/a", "v1.0.0", onPlatform("c", "example.mod/a", "SEMVER i1.0.0 f1.0.1", List.of(), List.of("arm64", "amd64")), true),
                new Case("example.mod/a", "v1.0.0", onPlatform("d", "example.mod/a", "", List.of("windows"), List.of()), false),
                new Case("example.mod/b", "v1.0.0", onPlatform("e", "example.mod/b", "", List.of(), List.of("arm64")), false),
                new Case("example.mod/b", "v1.0.0", onPlatform("f", "example.mod/b", "", List.of("linux"), List.of()), true),
                new Case("example.mod/b", "v1.0.0", onPlatform("g", "example.mod/b", "SEMVER i0.0.1 f2.0.1", List.of(), List.of("amd64")), true),
                new Case("example.mod/b", "v1.0.0", onPlatform("h", "example.mod/b", "", List.of("windows"), List.of("amd64")), false),
                // example.mod/c has no version: nothing affects it
                new Case("example.mod/c", "", onPlatform("i", "example.mod/c", "SEMVER i0.0.0", List.of(), List.of("amd64")), false),
                new Case("example.mod/c", "", onPlatform("j", "example.mod/c", "SEMVER f3.0.0", List.of(), List.of("amd64")), false),
                new Case("example.mod/c", "", new OsvEntry("k", Instant.EPOCH, null, null, List.of(), "", "", List.of(), List.of(), null), false),
                new Case("example.mod/d", "v1.2.0", new OsvEntry("l", Instant.EPOCH, null, null, List.of(), "", "", List.of(
                        platformAffected("example.mod/d", "", List.of("windows"), List.of()),
                        platformAffected("example.mod/d", "", List.of("linux"), List.of())), List.of(), null), true),
                new Case("example.mod/w", "v1.3.0", new OsvEntry("m", Instant.EPOCH, null, Instant.parse("2026-01-01T00:00:00Z"), List.of(), "", "", List.of(
                        platformAffected("example.mod/w", "", List.of("linux"), List.of())), List.of(), null), false),
                new Case("example.mod/w", "v1.3.0", onPlatform("n", "example.mod/w", "", List.of("linux"), List.of()), true));
        for (Case c : cases) {
            boolean got = !c.version().isEmpty() && Affects.affects(c.entry(), List.of(c.module()), c.version(), "linux", "amd64");
            assertThat(got).as(c.entry().id()).isEqualTo(c.want());
            // The public form, for a module whose platform is not known: only the version decides.
            assertThat(Affects.affects(c.entry(), new ModuleVersion(c.module(), c.version())))
                    .as(c.entry().id() + " on any platform")
                    .isEqualTo(!c.version().isEmpty() && !c.entry().isWithdrawn() && !c.entry().id().equals("b"));
        }
    }

    private static OsvEntry.Affected affected(String path, String ranges) {
        return new OsvEntry.Affected(new OsvEntry.Module(path, "Go"), ranges(ranges), List.of());
    }

    private static OsvEntry.Affected platformAffected(String path, String ranges, List<String> goos, List<String> goarch) {
        return new OsvEntry.Affected(new OsvEntry.Module(path, "Go"), ranges(ranges), List.of(new OsvEntry.Import("", goos, goarch, List.of())));
    }

    private static OsvEntry onPlatform(String id, String path, String ranges, List<String> goos, List<String> goarch) {
        return new OsvEntry(id, Instant.EPOCH, null, null, List.of(), "", "", List.of(platformAffected(path, ranges, goos, goarch)), List.of(), null);
    }

    // Module versions as the proxy sees them: MODULE@VERSION -> AFFECTED -> affected? -> fixed in
    @ParameterizedTest(name = "[{index}] {0}@{1}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            example.com/m -> v1.0.0                              -> example.com/m: SEMVER i0 f1.2.3                  -> true  -> v1.2.3
            example.com/m -> v1.2.3                              -> example.com/m: SEMVER i0 f1.2.3                  -> false -> ''
            example.com/m -> v1.2.2                              -> example.com/m: SEMVER i1.2.0 f1.2.3 i1.4.0        -> true  -> v1.2.3
            example.com/m -> v1.5.0                              -> example.com/m: SEMVER i1.2.0 f1.2.3 i1.4.0        -> true  -> ''
            example.com/m -> v1.1.9                              -> example.com/m: SEMVER i1.2.0 f1.2.3               -> false -> v1.2.3
            example.com/m -> v1.2.3-rc.1                         -> example.com/m: SEMVER i0 f1.2.3                  -> true  -> v1.2.3
            example.com/m -> v1.3.0                              -> example.com/m: SEMVER i0                         -> true  -> ''
            example.com/m -> v9.9.9                              -> example.com/m:                                   -> true  -> ''
            example.com/m -> v1.0.0                              -> example.com/other: SEMVER i0                     -> false -> ''
            example.com/m -> v0.0.0-20230101000000-abcdefabcdef  -> example.com/m: SEMVER i0 f0.0.0-20230601000000-0123456789ab -> true -> v0.0.0-20230601000000-0123456789ab
            example.com/m -> v0.0.0-20230701000000-abcdefabcdef  -> example.com/m: SEMVER i0 f0.0.0-20230601000000-0123456789ab -> false -> ''
            example.com/m -> v1.2.4-0.20230101000000-abcdefabcdef -> example.com/m: SEMVER i0 f1.2.4                 -> true  -> v1.2.4
            example.com/m -> v1.2.4-0.20230101000000-abcdefabcdef -> example.com/m: SEMVER i0 f1.2.3                 -> false -> ''
            example.com/m -> v2.0.0+incompatible                 -> example.com/m: SEMVER i0 f2.0.1                  -> true  -> v2.0.1
            example.com/m -> v2.0.1+incompatible                 -> example.com/m: SEMVER i0 f2.0.1                  -> false -> ''
            example.com/m -> v2.0.0+incompatible                 -> example.com/m: SEMVER i2.0.0 f2.1.0              -> true  -> v2.1.0
            """)
    void moduleVersions(String module, String version, String affected, boolean want, String fixed) {
        ModuleVersion mv = new ModuleVersion(module, version);
        OsvEntry e = entry("GO-2024-0001", affected);
        assertThat(Affects.affects(e, mv)).isEqualTo(want);
        assertThat(Affects.fixedIn(e, mv)).isEqualTo(fixed.isEmpty() ? Optional.empty() : Optional.of(fixed));
    }

    // golang.org/toolchain versions against the database's stdlib and toolchain entries:
    // VERSION -> AFFECTED -> affected? -> fixed in (as a go version)
    @ParameterizedTest(name = "[{index}] {0} / {1}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            v0.0.1-go1.21.0.linux-amd64    -> stdlib: SEMVER i0 f1.20.12 i1.21.0-0 f1.21.5      -> true  -> go1.21.5
            v0.0.1-go1.21.5.linux-amd64    -> stdlib: SEMVER i0 f1.20.12 i1.21.0-0 f1.21.5      -> false -> ''
            v0.0.1-go1.20.11.darwin-arm64  -> stdlib: SEMVER i0 f1.20.12 i1.21.0-0 f1.21.5      -> true  -> go1.20.12
            v0.0.1-go1.21rc2.linux-amd64   -> stdlib: SEMVER i0 f1.20.12 i1.21.0-0 f1.21.5      -> true  -> go1.21.5
            v0.0.1-go1.21rc2.linux-amd64   -> stdlib: SEMVER i1.21.0 f1.21.5                    -> false -> go1.21.5
            v0.0.1-go1.19.linux-amd64      -> toolchain: SEMVER i0 f1.19.1                      -> true  -> go1.19.1
            v0.0.1-go1.19.1.windows-amd64  -> toolchain: SEMVER i0 f1.19.1                      -> false -> ''
            v0.0.1-go1.22.0.linux-amd64    -> stdlib: SEMVER i0 f1.21.8 i1.22.0-0 f1.22.1 | toolchain: SEMVER i0 f1.21.8 i1.22.0-0 f1.22.1 -> true -> go1.22.1
            v0.0.1-go1.22.0.linux-amd64    -> golang.org/toolchain: SEMVER i0                   -> false -> ''
            v0.0.1-go1.22.0.linux-amd64    -> example.com/m: SEMVER i0                          -> false -> ''
            v0.0.1-notgo.linux-amd64       -> stdlib: SEMVER i0                                 -> false -> ''
            v0.0.1                         -> stdlib: SEMVER i0                                 -> false -> ''
            """)
    void toolchainVersions(String version, String affected, boolean want, String fixed) {
        ModuleVersion mv = new ModuleVersion("golang.org/toolchain", version);
        OsvEntry e = entry("GO-2024-0002", affected);
        assertThat(Affects.affects(e, mv)).isEqualTo(want);
        assertThat(Affects.fixedIn(e, mv)).isEqualTo(fixed.isEmpty() ? Optional.empty() : Optional.of(fixed));
    }

    /** A stdlib entry for one operating system affects only that platform's toolchain. */
    @Test
    void toolchainsOfOtherPlatformsAreNotAffected() {
        OsvEntry windowsOnly = new OsvEntry("GO-2024-0003", Instant.EPOCH, null, null, List.of(), "", "", List.of(
                platformAffected("stdlib", "SEMVER i0 f1.22.1", List.of("windows"), List.of())), List.of(), null);
        assertThat(Affects.affects(windowsOnly, new ModuleVersion("golang.org/toolchain", "v0.0.1-go1.22.0.windows-amd64"))).isTrue();
        assertThat(Affects.affects(windowsOnly, new ModuleVersion("golang.org/toolchain", "v0.0.1-go1.22.0.linux-amd64"))).isFalse();
    }

    @Test
    void databaseModules() {
        assertThat(Affects.databaseModules("golang.org/toolchain")).containsExactly("stdlib", "toolchain");
        assertThat(Affects.databaseModules("golang.org/x/net")).containsExactly("golang.org/x/net");
    }

    @Test
    void withdrawnEntriesAffectNothing() {
        OsvEntry e = entry("GO-2024-0004", "example.com/m: SEMVER i0");
        ModuleVersion mv = new ModuleVersion("example.com/m", "v1.0.0");
        assertThat(Affects.affects(e, mv)).isTrue();
        OsvEntry withdrawn = new OsvEntry(e.id(), e.modified(), null, Instant.parse("2025-01-01T00:00:00Z"), List.of(), "", "",
                e.affected(), List.of(), null);
        assertThat(Affects.affects(withdrawn, mv)).isFalse();
    }

    @Test
    void unknownVersionsAreNotReported() {
        OsvEntry e = entry("GO-2024-0005", "example.com/m:");
        assertThat(Affects.affects(e, new ModuleVersion("example.com/m", ""))).isFalse();
        assertThat(Affects.affects(e, new ModuleVersion("example.com/m", "(devel)"))).isFalse();
    }
}
