package dev.modgate.core.module;

/** GOPRIVATE-style comma-separated glob lists matched against path prefixes (module.MatchPrefixPatterns). */
public final class PathPatterns {
    private PathPatterns() {}

    public static boolean matchPrefixPatterns(String globs, String target) { throw new UnsupportedOperationException("TODO"); }
}
