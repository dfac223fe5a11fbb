package dev.modgate.core.semver;

import java.util.List;

/** Semantic versions exactly as golang.org/x/mod/semver: leading "v", shorthands vN and vN.M, prerelease, build. */
public final class Semver {
    private Semver() {}

    public static boolean isValid(String v) { throw new UnsupportedOperationException("TODO"); }
    /** "" when invalid; fills .0/.0.0 and drops +build. */
    public static String canonical(String v) { throw new UnsupportedOperationException("TODO"); }
    public static String major(String v) { throw new UnsupportedOperationException("TODO"); }
    public static String majorMinor(String v) { throw new UnsupportedOperationException("TODO"); }
    public static String prerelease(String v) { throw new UnsupportedOperationException("TODO"); }
    public static String build(String v) { throw new UnsupportedOperationException("TODO"); }
    /** invalid &lt; valid; two invalid compare equal; build metadata ignored. */
    public static int compare(String v, String w) { throw new UnsupportedOperationException("TODO"); }
    public static String max(String v, String w) { throw new UnsupportedOperationException("TODO"); }
    /** Sorts in place by compare, ties broken by plain string order (semver.Sort). */
    public static void sort(List<String> versions) { throw new UnsupportedOperationException("TODO"); }
}
