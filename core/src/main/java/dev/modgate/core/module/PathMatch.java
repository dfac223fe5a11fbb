package dev.modgate.core.module;

import dev.modgate.core.text.GoStrings;

/**
 * Go's {@code path.Match} shell patterns: {@code *} any run of non-'/' characters, {@code ?} one non-'/'
 * character, {@code [...]} a class of characters and ranges ({@code [^...]} negated), {@code \c} the character c.
 * The pattern must match the whole name.
 *
 * <p>Matching runs on the UTF-8 bytes as Go's does, so results agree with Go even for patterns and names that
 * are not valid UTF-8 (see {@link GoStrings}).
 */
public final class PathMatch {
    private PathMatch() {}

    /** path.ErrBadPattern. */
    public static final class BadPatternException extends IllegalArgumentException {
        BadPatternException() { super("syntax error in pattern"); }
    }

    static final int NO_MATCH = 0;
    static final int MATCH = 1;
    static final int BAD_PATTERN = -1;

    /** Internal results of matchChunk besides a non-negative rest index. */
    private static final int CHUNK_FAILED = -1;
    private static final int CHUNK_BAD = -2;

    /**
     * path.Match. Throws {@link BadPatternException} for a malformed pattern (as Go, which checks the whole
     * pattern even when the name fails to match early).
     */
    public static boolean match(String pattern, String name) {
        byte[] pat = GoStrings.toUtf8(pattern);
        byte[] nm = GoStrings.toUtf8(name);
        int r = match(pat, 0, pat.length, nm, 0, nm.length);
        if (r == BAD_PATTERN) {
            throw new BadPatternException();
        }
        return r == MATCH;
    }

    /** path.Match on pat[ps, pe) and name[ns, ne): {@link #MATCH}, {@link #NO_MATCH} or {@link #BAD_PATTERN}. */
    static int match(byte[] pat, int ps, int pe, byte[] name, int ns, int ne) {
        int p = ps;
        int n = ns;
        pattern:
        while (p < pe) {
            boolean star = false;
            while (p < pe && pat[p] == '*') {
                p++;
                star = true;
            }
            int chunkStart = p;
            p = chunkEnd(pat, p, pe);
            int chunkEnd = p;
            if (star && chunkStart == chunkEnd) {
                // A trailing star matches the rest of the name unless it has a '/'.
                return indexOf(name, (byte) '/', n, ne) < 0 ? MATCH : NO_MATCH;
            }
            int t = matchChunk(pat, chunkStart, chunkEnd, name, n, ne);
            // The last chunk must consume the whole name, or a later star could still have matched.
            if (t >= 0 && (t == ne || p < pe)) {
                n = t;
                continue;
            }
            if (t == CHUNK_BAD) {
                return BAD_PATTERN;
            }
            if (star) {
                // Let the star swallow i+1 more bytes, never a '/'.
                for (int i = n; i < ne && name[i] != '/'; i++) {
                    t = matchChunk(pat, chunkStart, chunkEnd, name, i + 1, ne);
                    if (t >= 0) {
                        if (p == pe && t < ne) {
                            continue;
                        }
                        n = t;
                        continue pattern;
                    }
                    if (t == CHUNK_BAD) {
                        return BAD_PATTERN;
                    }
                }
            }
            // No match, but a malformed remainder must still be reported, as Go does.
            while (p < pe) {
                while (p < pe && pat[p] == '*') {
                    p++;
                }
                int cs = p;
                p = chunkEnd(pat, p, pe);
                if (matchChunk(pat, cs, p, name, ne, ne) == CHUNK_BAD) {
                    return BAD_PATTERN;
                }
            }
            return NO_MATCH;
        }
        return n == ne ? MATCH : NO_MATCH;
    }

    /** Go's scanChunk: the end of the star-free chunk starting at p ('*' inside a class does not end it). */
    private static int chunkEnd(byte[] pat, int p, int pe) {
        boolean inRange = false;
        for (; p < pe; p++) {
            switch (pat[p]) {
                case '\\' -> {
                    // A trailing backslash is reported by matchChunk.
                    if (p + 1 < pe) {
                        p++;
                    }
                }
                case '[' -> inRange = true;
                case ']' -> inRange = false;
                case '*' -> {
                    if (!inRange) {
                        return p;
                    }
                }
                default -> { }
            }
        }
        return p;
    }

    /**
     * Go's matchChunk: matches the chunk c[cp, ce) against the start of s[sp, se). Returns the index after
     * the match, {@link #CHUNK_FAILED}, or {@link #CHUNK_BAD}. After a failure it keeps parsing the chunk
     * so that a malformed chunk is always reported.
     */
    private static int matchChunk(byte[] c, int cp, int ce, byte[] s, int sp, int se) {
        boolean failed = false;
        while (cp < ce) {
            if (!failed && sp == se) {
                failed = true;
            }
            switch (c[cp]) {
                case '[' -> {
                    int r = 0;
                    if (!failed) {
                        long d = decodeRune(s, sp, se);
                        r = (int) d;
                        sp += (int) (d >>> 32);
                    }
                    cp++;
                    boolean negated = false;
                    if (cp < ce && c[cp] == '^') {
                        negated = true;
                        cp++;
                    }
                    boolean matched = false;
                    int ranges = 0;
                    while (true) {
                        if (cp < ce && c[cp] == ']' && ranges > 0) {
                            cp++;
                            break;
                        }
                        long lo = getEsc(c, cp, ce);
                        if (lo < 0) {
                            return CHUNK_BAD;
                        }
                        cp = (int) (lo >>> 32);
                        int hiRune = (int) lo;
                        if (c[cp] == '-') {
                            long hi = getEsc(c, cp + 1, ce);
                            if (hi < 0) {
                                return CHUNK_BAD;
                            }
                            cp = (int) (hi >>> 32);
                            hiRune = (int) hi;
                        }
                        if ((int) lo <= r && r <= hiRune) {
                            matched = true;
                        }
                        ranges++;
                    }
                    if (matched == negated) {
                        failed = true;
                    }
                }
                case '?' -> {
                    if (!failed) {
                        if (s[sp] == '/') {
                            failed = true;
                        }
                        sp += (int) (decodeRune(s, sp, se) >>> 32);
                    }
                    cp++;
                }
                default -> {
                    if (c[cp] == '\\') {
                        cp++;
                        if (cp == ce) {
                            return CHUNK_BAD;
                        }
                    }
                    if (!failed) {
                        if (c[cp] != s[sp]) {
                            failed = true;
                        }
                        sp++;
                    }
                    cp++;
                }
            }
        }
        return failed ? CHUNK_FAILED : sp;
    }

    /**
     * Go's getEsc: a possibly escaped character of a class at c[cp]. Returns (index after it) &lt;&lt; 32 | rune,
     * or -1 for a malformed class (missing character, '-' or ']' out of place, invalid UTF-8, unterminated).
     */
    private static long getEsc(byte[] c, int cp, int ce) {
        if (cp == ce || c[cp] == '-' || c[cp] == ']') {
            return -1;
        }
        if (c[cp] == '\\') {
            cp++;
            if (cp == ce) {
                return -1;
            }
        }
        long d = decodeRune(c, cp, ce);
        int width = (int) (d >>> 32);
        if ((int) d == GoStrings.RUNE_ERROR && width == 1) {
            return -1;
        }
        cp += width;
        if (cp == ce) {
            return -1;
        }
        return (long) cp << 32 | (int) d;
    }

    /** utf8.DecodeRune at s[i] (i &lt; end): width &lt;&lt; 32 | rune, with (RuneError, 1) for an invalid byte. */
    private static long decodeRune(byte[] s, int i, int end) {
        int b = s[i] & 0xFF;
        if (b < 0x80) {
            return 1L << 32 | b;
        }
        String r = GoStrings.fromUtf8(s, i, Math.min(4, end - i));
        int cp = r.codePointAt(0);
        if (cp <= Character.MAX_VALUE && Character.isSurrogate((char) cp)) {
            return 1L << 32 | GoStrings.RUNE_ERROR;
        }
        return (long) utf8Length(cp) << 32 | cp;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    static int indexOf(byte[] a, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
