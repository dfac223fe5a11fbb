package dev.modgate.core.modfile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text the way Go sees it: UTF-8 decoded rune by rune as utf8.DecodeRune does, unicode.IsPrint and
 * unicode.IsSpace, and strconv's quoting. go.mod positions count runes and error texts quote with
 * strconv, so using Java's own decoder or Character predicates would shift columns and escapes.
 *
 * <p>Bytes that are not UTF-8 become U+FFFD, one per byte as in Go; Go would keep the raw bytes in
 * its strings, which only shows in the rare error text that quotes such a token.
 */
final class GoText {
    private GoText() {}

    static final int RUNE_ERROR = 0xFFFD;

    /** utf8.DecodeRune of b[off:end]: the rune in the low 21 bits, its size in bytes above them. */
    static int decodeRune(byte[] b, int off, int end) {
        int b0 = b[off] & 0xFF;
        if (b0 < 0x80) {
            return 1 << 21 | b0;
        }
        int size;
        int lo = 0x80, hi = 0xBF; // accepted range of the second byte
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            size = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            size = 3;
            if (b0 == 0xE0) lo = 0xA0; // no overlong forms
            if (b0 == 0xED) hi = 0x9F; // no surrogates
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            size = 4;
            if (b0 == 0xF0) lo = 0x90;
            if (b0 == 0xF4) hi = 0x8F; // nothing above U+10FFFF
        } else {
            return 1 << 21 | RUNE_ERROR;
        }
        if (end - off < size) {
            return 1 << 21 | RUNE_ERROR;
        }
        int b1 = b[off + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return 1 << 21 | RUNE_ERROR;
        }
        int r = size == 2 ? b0 & 0x1F : size == 3 ? b0 & 0x0F : b0 & 0x07;
        r = r << 6 | b1 & 0x3F;
        for (int i = 2; i < size; i++) {
            int bi = b[off + i] & 0xFF;
            if (bi < 0x80 || bi > 0xBF) {
                return 1 << 21 | RUNE_ERROR;
            }
            r = r << 6 | bi & 0x3F;
        }
        return size << 21 | r;
    }

    static int rune(int decoded) {
        return decoded & 0x1FFFFF;
    }

    static int size(int decoded) {
        return decoded >>> 21;
    }

    /** The text of b[from:to], decoded rune by rune like Go. */
    static String decode(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; ) {
            int d = decodeRune(b, i, to);
            sb.appendCodePoint(rune(d));
            i += size(d);
        }
        return sb.toString();
    }

    /** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int r) {
        if (r == ' ') {
            return true;
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

    /** unicode.IsSpace (the Unicode White_Space property); Character.isWhitespace differs, e.g. on U+00A0. */
    static boolean isSpace(int r) {
        return switch (r) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> r >= 0x2000 && r <= 0x200A;
        };
    }

    /** strings.TrimSpace. */
    static String trimSpace(String s) {
        int start = 0, end = s.length();
        while (start < end && isSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** strings.Fields: the runs of non-space runes. */
    static java.util.List<String> fields(String s) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); ) {
            int r = s.codePointAt(i);
            if (isSpace(r)) {
                if (start >= 0) {
                    out.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(r);
        }
        if (start >= 0) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** strconv.Quote. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(r -> appendEscapedRune(sb, r, '"'));
        return sb.append('"').toString();
    }

    /** strconv.QuoteRune, which is what fmt's %q (and %#q) prints for a rune. */
    static String quoteRune(int r) {
        StringBuilder sb = new StringBuilder().append('\'');
        appendEscapedRune(sb, r, '\'');
        return sb.append('\'').toString();
    }

    private static void appendEscapedRune(StringBuilder sb, int r, char quote) {
        if (r == quote || r == '\\') {
            sb.append('\\').appendCodePoint(r);
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
                    sb.append("\\x").append(hex(r, 2));
                } else {
                    if (!isValidRune(r)) {
                        r = RUNE_ERROR;
                    }
                    sb.append(r < 0x10000 ? "\\u" + hex(r, 4) : "\\U" + hex(r, 8));
                }
            }
        }
    }

    private static String hex(int v, int digits) {
        String h = Integer.toHexString(v);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    private static boolean isValidRune(int r) {
        return r >= 0 && r <= 0x10FFFF && (r < 0xD800 || r > 0xDFFF);
    }

    /**
     * strconv.Unquote for double-quoted and back-quoted literals, or null where Go reports
     * strconv.ErrSyntax ("invalid syntax"). Single-quoted literals are never unquoted by modfile.
     */
    static String unquote(String s) {
        if (s.length() < 2) {
            return null;
        }
        char quote = s.charAt(0);
        if (quote == '`') {
            int end = s.indexOf('`', 1);
            if (end != s.length() - 1) {
                return null; // no closing quote, or text after it
            }
            // Carriage returns inside raw strings are dropped, as in Go source.
            return s.substring(1, end).replace("\r", "");
        }
        if (quote != '"') {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 1;
        while (i < s.length() && s.charAt(i) != '"') {
            int c = s.codePointAt(i);
            if (c == '\n') {
                return null;
            }
            if (c != '\\') {
                appendUtf8(out, c);
                i += Character.charCount(c);
                continue;
            }
            if (i + 1 >= s.length()) {
                return null;
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(0x07);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0B);
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + n > s.length()) {
                        return null;
                    }
                    int v = 0;
                    for (int j = 0; j < n; j++) {
                        int d = Character.digit(s.charAt(i + j), 16);
                        if (d < 0 || s.charAt(i + j) > 'f') { // only ASCII hex digits
                            return null;
                        }
                        v = v << 4 | d;
                    }
                    i += n;
                    if (e == 'x') {
                        out.write(v); // a byte, not a rune
                    } else if (isValidRune(v)) {
                        appendUtf8(out, v);
                    } else {
                        return null;
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > s.length()) {
                        return null;
                    }
                    int v = e - '0';
                    for (int j = 0; j < 2; j++) {
                        int d = s.charAt(i + j) - '0';
                        if (d < 0 || d > 7) {
                            return null;
                        }
                        v = v << 3 | d;
                    }
                    i += 2;
                    if (v > 255) {
                        return null;
                    }
                    out.write(v); // a byte, not a rune
                }
                default -> {
                    return null; // includes \' inside a double-quoted string
                }
            }
        }
        if (i != s.length() - 1) {
            return null; // no closing quote, or text after it
        }
        byte[] bytes = out.toByteArray();
        return decode(bytes, 0, bytes.length);
    }

    private static void appendUtf8(ByteArrayOutputStream out, int r) {
        out.writeBytes(new String(Character.toChars(r)).getBytes(StandardCharsets.UTF_8));
    }
}
