package dev.modgate.vuln;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.semver.Semver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a module version is affected by an entry, decided as govulncheck decides it (golang/vuln
 * internal/semver/affects.go, fixed.go, semver.go; internal/vulncheck's affected and earliestValidFix): by the
 * module and its version alone. govulncheck goes on to look at packages, symbols and the call graph, so a match
 * here over-reports: it is a module-level match, and says so wherever it is shown.
 *
 * <p>Versions in the database have no "v" (1.2.3); they are compared as Go's semver compares them, build metadata
 * ({@code +incompatible}) ignored, pseudo-versions in their semver order. The standard library and the go command
 * are the database's {@code stdlib} and {@code toolchain}; as modules they come as {@code golang.org/toolchain}
 * versions ({@code v0.0.1-go1.21.0.linux-amd64}, which the go command downloads for GOTOOLCHAIN), whose go version is
 * compared as govulncheck compares a program's Go version (GoTagToSemver), on that platform only.
 */
public final class Affects {
    private Affects() {}

    /** The database's name for the standard library. */
    public static final String STDLIB = "stdlib";
    /** The database's name for the go command. */
    public static final String TOOLCHAIN = "toolchain";
    /** The module the go command downloads toolchains as (cmd/go/internal/toolchain's gotoolchain.ModPath). */
    public static final String TOOLCHAIN_MODULE = "golang.org/toolchain";

    /** v0.0.1-GOVERSION.GOOS-GOARCH: GOOS and GOARCH have no dots, the go version has. */
    private static final Pattern TOOLCHAIN_VERSION = Pattern.compile("v0\\.0\\.1-(go[^+]+)\\.([a-z0-9]+)-([a-z0-9]+)");
    /** semver.go's tagRegexp: major.minor, patch, prerelease (kind, number). */
    private static final Pattern GO_TAG = Pattern.compile("go(\\d+\\.\\d+)(\\.\\d+|)((beta|rc|-pre)(\\d+))?");

    /** The database's module paths whose entries may affect a module: stdlib and toolchain for golang.org/toolchain. */
    public static List<String> databaseModules(String modulePath) {
        return modulePath.equals(TOOLCHAIN_MODULE) ? List.of(STDLIB, TOOLCHAIN) : List.of(modulePath);
    }

    /** Whether the entry affects the module version (a withdrawn entry affects nothing). */
    public static boolean affects(OsvEntry entry, ModuleVersion mv) {
        Target t = target(mv);
        // vulncheck.affected: an unknown version is not reported (no false alarms)
        if (t == null || t.version.isEmpty() || t.version.equals("(devel)")) return false;
        return affects(entry, t.paths, t.version, t.goos, t.goarch);
    }

    /**
     * vulncheck's affectingVulnerabilities for one entry: some affected item of one of the paths contains the version
     * and concerns the platform ("" for any).
     */
    static boolean affects(OsvEntry entry, List<String> paths, String version, String goos, String goarch) {
        if (entry.isWithdrawn()) return false;
        for (OsvEntry.Affected a : entry.affected()) {
            if (paths.contains(a.module().path()) && affects(a.ranges(), version) && onPlatform(a, goos, goarch)) return true;
        }
        return false;
    }

    /**
     * The lowest fixed version above the module version that is not itself affected (vulncheck's earliestValidFix),
     * with its "v"; for golang.org/toolchain the go version ("go1.21.5"). Empty when no fix is known.
     */
    public static Optional<String> fixedIn(OsvEntry entry, ModuleVersion mv) {
        Target t = target(mv);
        if (t == null) return Optional.empty();
        String fixed = fixedVersion(entry, t.paths, t.version);
        if (fixed.isEmpty()) return Optional.empty();
        return Optional.of(t.toolchain ? semverToGoTag(fixed) : fixed);
    }

    /** vulncheck's FixedVersion: earliestValidFix with a "v" added; "" for none. */
    static String fixedVersion(OsvEntry entry, List<String> paths, String version) {
        List<OsvEntry.Range> ranges = new ArrayList<>();
        for (OsvEntry.Affected a : entry.affected()) {
            if (paths.contains(a.module().path())) ranges.addAll(a.ranges());
        }
        List<String> fixes = new ArrayList<>();
        for (OsvEntry.Range r : ranges) {
            if (!r.type().equals(OsvEntry.SEMVER)) continue;
            for (OsvEntry.Event e : r.events()) {
                if (e.fixed() != null && less(version, e.fixed())) fixes.add(e.fixed());
            }
        }
        insertionSort(fixes, Affects::less);
        for (String fix : fixes) {
            boolean negated = false;
            for (OsvEntry.Range r : ranges) negated |= containsSemver(r, fix);
            if (!negated) return fix.startsWith("v") ? fix : "v" + fix;
        }
        return "";
    }

    /** What is compared: the paths in the database, the version as semver, the platform (toolchains only). */
    private record Target(List<String> paths, String version, boolean toolchain, String goos, String goarch) {}

    private static Target target(ModuleVersion mv) {
        String v = mv.version();
        if (!mv.path().equals(TOOLCHAIN_MODULE)) return new Target(List.of(mv.path()), v, false, "", "");
        Matcher m = TOOLCHAIN_VERSION.matcher(v);
        if (!m.matches()) return null;
        String semver = goTagToSemver(m.group(1));
        if (semver.isEmpty()) return null;
        return new Target(databaseModules(TOOLCHAIN_MODULE), semver, true, m.group(2), m.group(3));
    }

    /** vulncheck's matchesPlatform: imports all for other platforms rule the entry out; none listed means all. */
    private static boolean onPlatform(OsvEntry.Affected a, String goos, String goarch) {
        if (a.imports().isEmpty()) return true;
        for (OsvEntry.Import i : a.imports()) {
            if (matches(goos, i.goos()) && matches(goarch, i.goarch())) return true;
        }
        return false;
    }

    private static boolean matches(String s, List<String> ps) {
        return s.isEmpty() || ps.isEmpty() || ps.contains(s);
    }

    /** affects.go Affects: no ranges, or no SEMVER range, means every version; else any SEMVER range containing v. */
    static boolean affects(List<OsvEntry.Range> ranges, String v) {
        if (ranges.isEmpty()) return true;
        boolean semverRangePresent = false;
        for (OsvEntry.Range r : ranges) {
            if (!r.type().equals(OsvEntry.SEMVER)) continue;
            semverRangePresent = true;
            if (containsSemver(r, v)) return true;
        }
        return !semverRangePresent;
    }

    /**
     * affects.go ContainsSemver: the range as left-closed, right-open intervals, events sorted by version with
     * introduced "0" first.
     */
    static boolean containsSemver(OsvEntry.Range r, String v) {
        if (!r.type().equals(OsvEntry.SEMVER)) return false;
        if (r.events().isEmpty()) return true;
        v = canonicalizeSemverPrefix(v);
        List<OsvEntry.Event> events = new ArrayList<>(r.events());
        insertionSort(events, (e1, e2) -> {
            String v1 = e1.introduced() == null ? "" : e1.introduced();
            if (v1.equals("0")) return true; // -inf
            if (e1.fixed() != null) v1 = e1.fixed();
            String v2 = e2.introduced() == null ? "" : e2.introduced();
            if (v2.equals("0")) return false;
            if (e2.fixed() != null) v2 = e2.fixed();
            return less(v1, v2);
        });
        boolean affected = false;
        for (OsvEntry.Event e : events) {
            if (!affected && e.introduced() != null) {
                affected = e.introduced().equals("0") || !less(v, e.introduced());
            } else if (affected && e.fixed() != null) {
                affected = less(v, e.fixed());
            }
        }
        return affected;
    }

    /**
     * fixed.go NonSupersededFix: the latest fix of the SEMVER ranges unless a later introduction undoes it, "" if
     * none: the {@code fixed} of the database's modules index.
     */
    public static String nonSupersededFix(List<OsvEntry.Range> ranges) {
        String latestFixed = "";
        for (OsvEntry.Range r : ranges) {
            if (!r.type().equals(OsvEntry.SEMVER)) continue;
            for (OsvEntry.Event e : r.events()) {
                if (e.fixed() != null && less(latestFixed, e.fixed())) latestFixed = e.fixed();
            }
            for (OsvEntry.Event e : r.events()) {
                if (e.introduced() != null && !e.introduced().equals("0") && less(latestFixed, e.introduced())) {
                    latestFixed = "";
                    break;
                }
            }
        }
        return latestFixed;
    }

    /** semver.go Less: v1 &lt; v2 for versions with "v", "go" or no prefix. */
    static boolean less(String v1, String v2) {
        return Semver.compare(canonicalizeSemverPrefix(v1), canonicalizeSemverPrefix(v2)) < 0;
    }

    /** semver.go Valid: a semantic version with "v", "go" or no prefix. */
    static boolean valid(String v) {
        return Semver.isValid(canonicalizeSemverPrefix(v));
    }

    /** semver.go canonicalizeSemverPrefix: "1.2.3", "v1.2.3" and "go1.2.3" all become "v1.2.3". */
    static String canonicalizeSemverPrefix(String s) {
        if (s.startsWith("v")) s = s.substring(1);
        if (s.startsWith("go")) s = s.substring(2);
        return s.startsWith("v") || s.startsWith("go") ? s : "v" + s;
    }

    /** semver.go GoTagToSemver: go1.21.0 is v1.21.0, go1.21rc2 v1.21.0-rc.2, go1.19 v1.19.0; "" when not a go tag. */
    public static String goTagToSemver(String tag) {
        if (tag.isEmpty()) return "";
        tag = tag.strip().split("[ \t\n\r\f\u000b]+", 2)[0];
        if (tag.equals("go1")) return "v1.0.0";
        if (tag.equals("go1.0")) return "";
        Matcher m = GO_TAG.matcher(tag);
        if (!m.matches()) return "";
        StringBuilder v = new StringBuilder("v").append(m.group(1));
        v.append(m.group(2).isEmpty() ? ".0" : m.group(2));
        if (m.group(3) != null) {
            if (!m.group(4).startsWith("-")) v.append('-');
            v.append(m.group(4)).append('.').append(m.group(5));
        }
        return v.toString();
    }

    /** semver.go SemverToGoTag: v1.21.0 is go1.21.0, v1.20.0 go1.20, v1.20.0-rc.1 go1.20-rc1. */
    public static String semverToGoTag(String v) {
        if (v.equals("v1.0.0")) return "go1";
        String goVersion = Semver.canonical(v);
        String prerelease = Semver.prerelease(goVersion);
        String withoutPrerelease = goVersion.substring(0, goVersion.length() - prerelease.length());
        String majorMinor = Semver.majorMinor(goVersion) + ".";
        String patch = withoutPrerelease.startsWith(majorMinor) ? withoutPrerelease.substring(majorMinor.length()) : withoutPrerelease;
        if (patch.equals("0") && (Semver.compare(v, "v1.21.0") < 0 || !prerelease.isEmpty())) {
            // From go1.21.0 on, the first release of a minor version has its .0; prereleases never have it.
            if (withoutPrerelease.endsWith(".0")) withoutPrerelease = withoutPrerelease.substring(0, withoutPrerelease.length() - 2);
        }
        StringBuilder tag = new StringBuilder("go").append(withoutPrerelease.startsWith("v") ? withoutPrerelease.substring(1) : withoutPrerelease);
        if (!prerelease.isEmpty()) {
            int i = finalDigitsIndex(prerelease);
            if (i >= 1) prerelease = prerelease.substring(0, i - 1) + prerelease.substring(i); // drop the dot
            tag.append(prerelease);
        }
        return tag.toString();
    }

    private static int finalDigitsIndex(String s) {
        int i = s.length() - 1;
        while (i >= 0 && s.charAt(i) >= '0' && s.charAt(i) <= '9') i--;
        return i == s.length() - 1 ? -1 : i + 1;
    }

    /** Go's sort.SliceStable for short slices: insertion sort with the same less, so that ties fall as they do in Go. */
    private static <T> void insertionSort(List<T> xs, java.util.function.BiPredicate<T, T> less) {
        for (int i = 1; i < xs.size(); i++) {
            for (int j = i; j > 0 && less.test(xs.get(j), xs.get(j - 1)); j--) {
                T t = xs.get(j);
                xs.set(j, xs.get(j - 1));
                xs.set(j - 1, t);
            }
        }
    }
}
