package dev.modgate.core.modfile;

import dev.modgate.core.text.GoStrings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The pieces of Go's strings, unicode and strconv packages that modfile relies on and that
 * {@link GoStrings} does not already provide. Strings follow the GoStrings convention: a lone
 * surrogate stands for a byte that is not UTF-8, and reads as utf8.RuneError.
 */
final class GoText {
    private GoText() {}

    /** unicode.IsSpace (the Unicode White_Space property); Character.isWhitespace differs, e.g. on U+00A0. */
    static boolean isSpace(int r) {
        return switch (r) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> r >= 0x2000 && r <= 0x200A;
        };
    }

    /** strings.TrimSpace. */
    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** strings.Fields: the runs of non-space runes. */
    static List<String> fields(String s) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isSpace(cp)) {
                if (start >= 0) {
                    out.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(s.substring(start));
        }
        return out;
    }

    /**
     * strconv.Unquote of a double-quoted or back-quoted literal, or null where Go reports
     * strconv.ErrSyntax ("invalid syntax"). modfile never unquotes single-quoted literals.
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
            // Raw strings keep their bytes as they are, except carriage returns, as in Go source.
            return s.substring(1, end).replace("\r", "");
        }
        if (quote != '"') {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 1;
        while (i < s.length() && s.charAt(i) != '"') {
            int c = GoStrings.runeAt(s, i);
            if (c == '\n') {
                return null;
            }
            if (c != '\\') {
                writeUtf8(out, c); // a byte that is not UTF-8 reads as U+FFFD and is stored as such, as in Go
                i += Character.charCount(s.codePointAt(i));
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
                        int d = hexDigit(s.charAt(i + j));
                        if (d < 0) {
                            return null;
                        }
                        v = v << 4 | d;
                    }
                    i += n;
                    if (e == 'x') {
                        out.write(v); // a byte, which need not be UTF-8
                    } else if (v <= 0x10FFFF && (v < 0xD800 || v > 0xDFFF)) {
                        writeUtf8(out, v);
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
                    out.write(v); // a byte, which need not be UTF-8
                }
                default -> {
                    return null; // includes \' inside a double-quoted string
                }
            }
        }
        if (i != s.length() - 1) {
            return null; // no closing quote, or text after it
        }
        return GoStrings.fromUtf8(out.toByteArray());
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static void writeUtf8(ByteArrayOutputStream out, int r) {
        out.writeBytes(Character.toString(r).getBytes(StandardCharsets.UTF_8));
    }
}
