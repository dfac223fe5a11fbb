package dev.modgate.core.text;

import java.nio.charset.StandardCharsets;

/**
 * Go string semantics for Java strings: lossless UTF-8 decoding, {@code strconv.Quote}, byte-order comparison.
 *
 * <p>A Go string is a byte sequence that may hold invalid UTF-8; a Java string is UTF-16. The convention used
 * throughout modgate's core:
 * <ul>
 *   <li>a well-formed Java string stands for its UTF-8 encoding;</li>
 *   <li>{@link #fromUtf8} decodes bytes losslessly: every byte that Go's decoder would read as
 *       {@code utf8.RuneError} (width 1) becomes the lone low surrogate {@code U+DC80 + (byte - 0x80)}
 *       ("surrogateescape"), so 0xFF becomes U+DCFF;</li>
 *   <li>{@link #toUtf8} inverts that; any other lone surrogate becomes its 3-byte generalized UTF-8 form
 *       (ED xx xx), which is also what Go itself holds when such bytes arrive.</li>
 * </ul>
 * So a Java string has a lone surrogate exactly when the Go string it stands for is invalid UTF-8,
 * and {@link #quote} prints such bytes as {@code \xff} like Go does.
 */
public final class GoStrings {
    private GoStrings() {}

    /** utf8.RuneError, which Go substitutes for each undecodable byte. */
    public static final int RUNE_ERROR = 0xFFFD;

    private static final int ESCAPE_BASE = 0xDC00;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Decodes bytes like Go's {@code for range} does, but keeps every invalid byte (see class comment). */
    public static String fromUtf8(byte[] bytes) {
        return fromUtf8(bytes, 0, bytes.length);
    }

    public static String fromUtf8(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end && bytes[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        StringBuilder sb = new StringBuilder(length);
        for (int k = offset; k < i; k++) {
            sb.append((char) bytes[k]);
        }
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                sb.append((char) b);
                i++;
                continue;
            }
            int n = validSequenceLength(bytes, i, end);
            if (n == 0) {
                sb.append((char) (ESCAPE_BASE + b));
                i++;
                continue;
            }
            int cp = switch (n) {
                case 2 -> (b & 0x1F) << 6 | bytes[i + 1] & 0x3F;
                case 3 -> (b & 0x0F) << 12 | (bytes[i + 1] & 0x3F) << 6 | bytes[i + 2] & 0x3F;
                default -> (b & 0x07) << 18 | (bytes[i + 1] & 0x3F) << 12 | (bytes[i + 2] & 0x3F) << 6 | bytes[i + 3] & 0x3F;
            };
            sb.appendCodePoint(cp);
            i += n;
        }
        return sb.toString();
    }

    /**
     * Length of the valid UTF-8 sequence starting at a non-ASCII byte, or 0 if Go would decode RuneError there.
     * Mirrors utf8.DecodeRune: no overlong forms, no surrogates, nothing above U+10FFFF.
     */
    private static int validSequenceLength(byte[] s, int i, int end) {
        int b = s[i] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            n = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3;
            if (b == 0xE0) {
                lo = 0xA0;
            } else if (b == 0xED) {
                hi = 0x9F;
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4;
            if (b == 0xF0) {
                lo = 0x90;
            } else if (b == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (end - i < n) {
            return 0;
        }
        int b1 = s[i + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int bk = s[i + k] & 0xFF;
            if (bk < 0x80 || bk > 0xBF) {
                return 0;
            }
        }
        return n;
    }

    /** The bytes of the Go string {@code s} stands for (see class comment). */
    public static byte[] toUtf8(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        if (isValidUtf8(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        var out = new java.io.ByteArrayOutputStream(n + 8);
        for (int k = 0; k < n; ) {
            int cp = s.codePointAt(k);
            k += Character.charCount(cp);
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | cp >> 6);
                out.write(0x80 | cp & 0x3F);
            } else if (isEscapedByte(cp)) {
                out.write(cp - ESCAPE_BASE);
            } else if (cp < 0x10000) {
                out.write(0xE0 | cp >> 12);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else {
                out.write(0xF0 | cp >> 18);
                out.write(0x80 | cp >> 12 & 0x3F);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            }
        }
        return out.toByteArray();
    }

    /** utf8.ValidString: false exactly when {@code s} holds a lone surrogate. */
    public static boolean isValidUtf8(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The rune Go's {@code for range} yields at index {@code i}: the code point, or RuneError for a lone surrogate.
     * The caller advances by {@link Character#charCount} of {@link String#codePointAt}.
     */
    public static int runeAt(String s, int i) {
        int cp = s.codePointAt(i);
        return Character.isSurrogate((char) cp) && cp < 0x10000 ? RUNE_ERROR : cp;
    }

    private static boolean isEscapedByte(int cp) {
        return cp >= ESCAPE_BASE + 0x80 && cp <= ESCAPE_BASE + 0xFF;
    }

    /** strconv.Quote of the Go string {@code s} stands for. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x10000 && Character.isSurrogate((char) cp)) {
                appendInvalidBytes(sb, cp);
            } else {
                appendEscapedRune(sb, cp, '"');
            }
        }
        return sb.append('"').toString();
    }

    /** strconv.QuoteRune: invalid runes (surrogates, out of range) print as U+FFFD like Go. */
    public static String quoteRune(int r) {
        if (r < 0 || r > Character.MAX_CODE_POINT || (r >= 0xD800 && r <= 0xDFFF)) {
            r = RUNE_ERROR;
        }
        StringBuilder sb = new StringBuilder(8).append('\'');
        appendEscapedRune(sb, r, '\'');
        return sb.append('\'').toString();
    }

    private static void appendInvalidBytes(StringBuilder sb, int surrogate) {
        if (isEscapedByte(surrogate)) {
            appendHexByte(sb, surrogate - ESCAPE_BASE);
        } else {
            appendHexByte(sb, 0xE0 | surrogate >> 12);
            appendHexByte(sb, 0x80 | surrogate >> 6 & 0x3F);
            appendHexByte(sb, 0x80 | surrogate & 0x3F);
        }
    }

    private static void appendHexByte(StringBuilder sb, int b) {
        sb.append('\\').append('x').append(HEX[b >> 4 & 0xF]).append(HEX[b & 0xF]);
    }

    private static void appendEscapedRune(StringBuilder sb, int r, char quote) {
        if (r == quote || r == '\\') {
            sb.append('\\').append((char) r);
            return;
        }
        if (isPrint(r)) {
            sb.appendCodePoint(r);
            return;
        }
        switch (r) {
            case 0x07 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 0x0B -> sb.append("\\v");
            default -> {
                if (r < ' ' || r == 0x7F) {
                    appendHexByte(sb, r);
                } else if (r < 0x10000) {
                    sb.append("\\u");
                    appendHex(sb, r, 4);
                } else {
                    sb.append("\\U");
                    appendHex(sb, r, 8);
                }
            }
        }
    }

    private static void appendHex(StringBuilder sb, int r, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(HEX[r >> shift & 0xF]);
        }
    }

    /**
     * strconv.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space.
     * Latin-1 is decided exactly as Go does; above it the JDK's Unicode tables stand in for Go's,
     * so characters assigned in a Unicode version newer than Go's may be judged differently.
     */
    public static boolean isPrint(int r) {
        if (r <= 0xFF) {
            if (r >= 0x20 && r <= 0x7E) {
                return true;
            }
            return r >= 0xA1 && r != 0xAD;
        }
        return switch (Character.getType(r)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /**
     * Go's {@code a < b} on strings: byte order of the Go strings they stand for.
     * UTF-16 order differs from it only around surrogates, so those are compared by their bytes.
     */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca == cb) {
                continue;
            }
            if (!Character.isSurrogate(ca) && !Character.isSurrogate(cb)) {
                return Character.compare(ca, cb);
            }
            // Start the byte comparison where no surrogate pair straddles the cut, so the common
            // prefix encodes identically on both sides; an escaped byte can be a prefix of a longer
            // sequence, so the whole remainder is compared.
            int start = i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i;
            return compareBytes(toUtf8(a.substring(start)), toUtf8(b.substring(start)));
        }
        return Integer.compare(a.length(), b.length());
    }

    private static int compareBytes(byte[] x, byte[] y) {
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i] & 0xFF, y[i] & 0xFF);
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
