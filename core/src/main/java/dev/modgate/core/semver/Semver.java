package dev.modgate.core.semver;

import dev.modgate.core.text.GoStrings;
import java.util.Comparator;
import java.util.List;

/**
 * Semantic versions exactly as golang.org/x/mod/semver: leading "v", shorthands vN and vN.M, prerelease, build.
 *
 * <p>Parsing records substring boundaries instead of copying parts, because compare and sort run on every
 * version list the proxy serves.
 */
public final class Semver {
    private Semver() {}

    /** semver.ByVersion: by {@link #compare}, ties broken by Go string order. */
    public static final Comparator<String> BY_VERSION = (v, w) -> {
        int c = compare(v, w);
        return c != 0 ? c : GoStrings.compare(v, w);
    };

    public static boolean isValid(String v) {
        return parse(v) != null;
    }

    /** "" when invalid; fills .0/.0.0 and drops +build. */
    public static String canonical(String v) {
        Parsed p = parse(v);
        if (p == null) {
            return "";
        }
        if (p.buildStart < v.length()) {
            return v.substring(0, p.buildStart);
        }
        if (p.minorStart < 0) {
            return v + ".0.0";
        }
        if (p.patchStart < 0) {
            return v + ".0";
        }
        return v;
    }

    public static String major(String v) {
        Parsed p = parse(v);
        return p == null ? "" : v.substring(0, p.majorEnd);
    }

    public static String majorMinor(String v) {
        Parsed p = parse(v);
        if (p == null) {
            return "";
        }
        return p.minorStart < 0 ? v.substring(0, p.majorEnd) + ".0" : v.substring(0, p.minorEnd);
    }

    public static String prerelease(String v) {
        Parsed p = parse(v);
        return p == null ? "" : v.substring(p.patchEnd, p.buildStart);
    }

    public static String build(String v) {
        Parsed p = parse(v);
        return p == null ? "" : v.substring(p.buildStart);
    }

    /** invalid &lt; valid; two invalid compare equal; build metadata ignored. Returns -1, 0 or +1. */
    public static int compare(String v, String w) {
        Parsed pv = parse(v);
        Parsed pw = parse(w);
        if (pv == null || pw == null) {
            return pv == pw ? 0 : pv == null ? -1 : +1;
        }
        int c = compareInt(v, 1, pv.majorEnd, w, 1, pw.majorEnd);
        if (c != 0) {
            return c;
        }
        c = compareInt(v, pv.minorStart, pv.minorEnd, w, pw.minorStart, pw.minorEnd);
        if (c != 0) {
            return c;
        }
        c = compareInt(v, pv.patchStart, pv.patchEnd, w, pw.patchStart, pw.patchEnd);
        if (c != 0) {
            return c;
        }
        return comparePrerelease(v, pv.patchEnd, pv.buildStart, w, pw.patchEnd, pw.buildStart);
    }

    /** semver.Max: the greater of the two canonical forms ("" if both are invalid). */
    public static String max(String v, String w) {
        v = canonical(v);
        w = canonical(w);
        return compare(v, w) > 0 ? v : w;
    }

    /** Sorts in place by compare, ties broken by plain string order (semver.Sort). */
    public static void sort(List<String> versions) {
        versions.sort(BY_VERSION);
    }

    /**
     * Boundaries of a valid version. Shorthand parts that are absent have start -1 and stand for "0".
     * Prerelease is [patchEnd, buildStart) (empty or starting with '-'); build is [buildStart, length).
     */
    private record Parsed(int majorEnd, int minorStart, int minorEnd, int patchStart, int patchEnd, int buildStart) {}

    private static Parsed parse(String v) {
        int n = v.length();
        if (n == 0 || v.charAt(0) != 'v') {
            return null;
        }
        int majorEnd = intEnd(v, 1);
        if (majorEnd < 0) {
            return null;
        }
        if (majorEnd == n) {
            return new Parsed(majorEnd, -1, -1, -1, n, n);
        }
        if (v.charAt(majorEnd) != '.') {
            return null;
        }
        int minorStart = majorEnd + 1;
        int minorEnd = intEnd(v, minorStart);
        if (minorEnd < 0) {
            return null;
        }
        if (minorEnd == n) {
            return new Parsed(majorEnd, minorStart, minorEnd, -1, n, n);
        }
        if (v.charAt(minorEnd) != '.') {
            return null;
        }
        int patchStart = minorEnd + 1;
        int patchEnd = intEnd(v, patchStart);
        if (patchEnd < 0) {
            return null;
        }
        int i = patchEnd;
        if (i < n && v.charAt(i) == '-') {
            i = prereleaseEnd(v, i);
            if (i < 0) {
                return null;
            }
        }
        int buildStart = i;
        if (i < n && v.charAt(i) == '+') {
            i = buildEnd(v, i);
            if (i < 0) {
                return null;
            }
        }
        if (i != n) {
            return null;
        }
        return new Parsed(majorEnd, minorStart, minorEnd, patchStart, patchEnd, buildStart);
    }

    /** End of a decimal without extra leading zeros starting at i, or -1. */
    private static int intEnd(String v, int i) {
        int n = v.length();
        if (i >= n || !isDigit(v.charAt(i))) {
            return -1;
        }
        int j = i + 1;
        while (j < n && isDigit(v.charAt(j))) {
            j++;
        }
        if (v.charAt(i) == '0' && j != i + 1) {
            return -1;
        }
        return j;
    }

    /** v[i] == '-'; returns the end of the prerelease (at '+' or end of string), or -1. */
    private static int prereleaseEnd(String v, int i) {
        int n = v.length();
        int start = ++i;
        for (; i < n && v.charAt(i) != '+'; i++) {
            char c = v.charAt(i);
            if (c == '.') {
                if (start == i || isBadNum(v, start, i)) {
                    return -1;
                }
                start = i + 1;
            } else if (!isIdentChar(c)) {
                return -1;
            }
        }
        if (start == i || isBadNum(v, start, i)) {
            return -1;
        }
        return i;
    }

    /** v[i] == '+'; returns the end of the build metadata (the end of v when valid), or -1. */
    private static int buildEnd(String v, int i) {
        int n = v.length();
        int start = ++i;
        for (; i < n; i++) {
            char c = v.charAt(i);
            if (c == '.') {
                if (start == i) {
                    return -1;
                }
                start = i + 1;
            } else if (!isIdentChar(c)) {
                return -1;
            }
        }
        return start == i ? -1 : i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-';
    }

    /** A numeric identifier with a leading zero. */
    private static boolean isBadNum(String v, int start, int end) {
        return end - start > 1 && v.charAt(start) == '0' && isNum(v, start, end);
    }

    private static boolean isNum(String v, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!isDigit(v.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Compares decimals without leading zeros; start -1 stands for an implied "0". */
    private static int compareInt(String x, int xs, int xe, String y, int ys, int ye) {
        if (xs < 0) {
            x = "0";
            xs = 0;
            xe = 1;
        }
        if (ys < 0) {
            y = "0";
            ys = 0;
            ye = 1;
        }
        int c = Integer.compare(xe - xs, ye - ys);
        if (c != 0) {
            return c;
        }
        return Integer.signum(compareRegion(x, xs, xe, y, ys, ye));
    }

    /** Lexical (ASCII) comparison of two regions; both hold only ASCII when called. */
    private static int compareRegion(String x, int xs, int xe, String y, int ys, int ye) {
        int n = Math.min(xe - xs, ye - ys);
        for (int k = 0; k < n; k++) {
            char a = x.charAt(xs + k);
            char b = y.charAt(ys + k);
            if (a != b) {
                return a < b ? -1 : +1;
            }
        }
        return Integer.compare(xe - xs, ye - ys);
    }

    /** SemVer 2.0 prerelease precedence on the regions [xs, xe) and [ys, ye), each empty or starting with '-'. */
    private static int comparePrerelease(String x, int xs, int xe, String y, int ys, int ye) {
        if (xe - xs == ye - ys && compareRegion(x, xs, xe, y, ys, ye) == 0) {
            return 0;
        }
        if (xs == xe) {
            return +1;
        }
        if (ys == ye) {
            return -1;
        }
        while (xs < xe && ys < ye) {
            xs++; // skip '-' or '.'
            ys++;
            int dxEnd = identEnd(x, xs, xe);
            int dyEnd = identEnd(y, ys, ye);
            int lx = dxEnd - xs;
            int ly = dyEnd - ys;
            if (lx != ly || compareRegion(x, xs, dxEnd, y, ys, dyEnd) != 0) {
                boolean ix = isNum(x, xs, dxEnd);
                boolean iy = isNum(y, ys, dyEnd);
                if (ix != iy) {
                    return ix ? -1 : +1;
                }
                if (ix && lx != ly) {
                    return lx < ly ? -1 : +1;
                }
                return compareRegion(x, xs, dxEnd, y, ys, dyEnd) < 0 ? -1 : +1;
            }
            xs = dxEnd;
            ys = dyEnd;
        }
        return xs == xe ? -1 : +1;
    }

    private static int identEnd(String x, int i, int end) {
        while (i < end && x.charAt(i) != '.') {
            i++;
        }
        return i;
    }
}
