package dev.modgate.core.module;

import dev.modgate.core.text.GoStrings;
import java.util.Arrays;

/**
 * GOPRIVATE-style comma-separated glob lists matched against path prefixes (module.MatchPrefixPatterns).
 *
 * <p>A glob with N slashes is matched, with {@link PathMatch path.Match} semantics, against the target's first
 * N+1 path elements. Empty and malformed globs never match; a trailing slash on a glob is ignored.
 * {@link #of} splits the list once for repeated use.
 */
public final class PathPatterns {
    private final String globs;
    private final byte[] bytes;
    /** Start and end offsets in {@link #bytes} of each non-empty glob, trailing slash already dropped. */
    private final int[] bounds;

    private PathPatterns(String globs) {
        this.globs = globs;
        this.bytes = GoStrings.toUtf8(globs);
        int[] b = new int[2 * (count(bytes, 0, bytes.length, (byte) ',') + 1)];
        int k = 0;
        for (int start = 0; start <= bytes.length; ) {
            int comma = PathMatch.indexOf(bytes, (byte) ',', start, bytes.length);
            int end = comma < 0 ? bytes.length : comma;
            int trimmed = end > start && bytes[end - 1] == '/' ? end - 1 : end;
            if (trimmed > start) {
                b[k++] = start;
                b[k++] = trimmed;
            }
            start = end + 1;
        }
        this.bounds = Arrays.copyOf(b, k);
    }

    /** The parsed list; its {@link #matches} equals {@link #matchPrefixPatterns(String, String)} for these globs. */
    public static PathPatterns of(String globs) {
        return new PathPatterns(globs);
    }

    /** module.MatchPrefixPatterns(globs, target). */
    public static boolean matchPrefixPatterns(String globs, String target) {
        return !globs.isEmpty() && of(globs).matches(target);
    }

    /** Whether some path prefix of target matches one of the globs. */
    public boolean matches(String target) {
        if (bounds.length == 0) {
            return false;
        }
        byte[] t = GoStrings.toUtf8(target);
        for (int g = 0; g < bounds.length; g += 2) {
            if (matchesPrefix(bytes, bounds[g], bounds[g + 1], t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesPrefix(byte[] glob, int gs, int ge, byte[] target) {
        // A glob of N+1 elements meets the target's first N+1 elements, which end before its (N+1)th slash.
        int n = count(glob, gs, ge, (byte) '/');
        int prefixEnd = target.length;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == '/') {
                if (n == 0) {
                    prefixEnd = i;
                    break;
                }
                n--;
            }
        }
        if (n > 0) {
            return false; // the target has too few elements
        }
        return PathMatch.match(glob, gs, ge, target, 0, prefixEnd) == PathMatch.MATCH;
    }

    /** True when the list holds no glob, so nothing matches. */
    public boolean isEmpty() {
        return bounds.length == 0;
    }

    /** The list as given. */
    @Override
    public String toString() {
        return globs;
    }

    private static int count(byte[] a, int from, int to, byte b) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                n++;
            }
        }
        return n;
    }
}
