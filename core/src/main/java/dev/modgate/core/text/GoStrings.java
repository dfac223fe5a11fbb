package dev.modgate.core.text;

import java.util.Comparator;
import java.util.HexFormat;

/**
 * Go string semantics that Java's String does not share: byte-wise (UTF-8) ordering, Unicode simple case
 * folding ({@code unicode.SimpleFold}), {@code unicode.IsPrint}/{@code IsSpace} and {@code strconv.Quote}.
 * Go strings are bytes; here they are Java strings holding the decoded UTF-8 text.
 */
public final class GoStrings {
    private GoStrings() {}

    /**
     * Go's {@code <} on strings compares UTF-8 bytes, which is code point order. Java's
     * {@link String#compareTo} compares UTF-16 units, which differs for supplementary characters.
     */
    public static final Comparator<String> BYTE_ORDER = GoStrings::compare;

    public static int compare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /**
     * zip.strToFold: a key with {@code strings.EqualFold(s, t) == toFold(s).equals(toFold(t))}: each rune is replaced
     * by the smallest rune of its simple case-folding orbit, then A-Z by a-z.
     */
    public static String toFold(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c < 0x80 && !(c >= 'A' && c <= 'Z');
        }
        if (plain) return s;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(r -> {
            // SimpleFold cycles upwards through the orbit and then wraps to a smaller rune: stop at the wrap.
            for (;;) {
                int r0 = r;
                r = simpleFold(r0);
                if (r <= r0) break;
            }
            if (r >= 'A' && r <= 'Z') r += 'a' - 'A';
            b.appendCodePoint(r);
        });
        return b.toString();
    }

    /** strings.EqualFold via the fold key. */
    public static boolean equalFold(String a, String b) {
        return toFold(a).equals(toFold(b));
    }

    /**
     * unicode.SimpleFold: the next rune of r's case-folding orbit. Orbits of three or more runes come from Go's
     * caseOrbit table; the rest are {r, lower(r)} or {r, upper(r)} from the simple case mappings, which Java's
     * Character takes from the same UnicodeData file.
     */
    public static int simpleFold(int r) {
        if (r < 0 || r > Character.MAX_CODE_POINT) return r;
        if (r < 0x80) {
            if (r >= 'A' && r <= 'Z') return r + ('a' - 'A');
            if (r >= 'a' && r <= 'z') {
                // k and s have non-ASCII orbit members (Kelvin sign, long s): K -> k -> U+212A -> K, S -> s -> U+017F -> S.
                if (r == 'k') return 0x212A;
                if (r == 's') return 0x017F;
                return r - ('a' - 'A');
            }
            return r;
        }
        int lo = 0, hi = CASE_ORBIT.length / 2;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (CASE_ORBIT[2 * m] < r) lo = m + 1;
            else hi = m;
        }
        if (lo < CASE_ORBIT.length / 2 && CASE_ORBIT[2 * lo] == r) return CASE_ORBIT[2 * lo + 1];
        int l = Character.toLowerCase(r);
        return l != r ? l : Character.toUpperCase(r);
    }

    /** Go's unicode.caseOrbit (from, to) pairs, sorted by from; stable across Unicode 13 to 15. */
    private static final int[] CASE_ORBIT = {
        0x004B, 0x006B, 0x0053, 0x0073, 0x006B, 0x212A, 0x0073, 0x017F, 0x00B5, 0x039C, 0x00C5, 0x00E5,
        0x00DF, 0x1E9E, 0x00E5, 0x212B, 0x0130, 0x0130, 0x0131, 0x0131, 0x017F, 0x0053, 0x01C4, 0x01C5,
        0x01C5, 0x01C6, 0x01C6, 0x01C4, 0x01C7, 0x01C8, 0x01C8, 0x01C9, 0x01C9, 0x01C7, 0x01CA, 0x01CB,
        0x01CB, 0x01CC, 0x01CC, 0x01CA, 0x01F1, 0x01F2, 0x01F2, 0x01F3, 0x01F3, 0x01F1, 0x0345, 0x0399,
        0x0392, 0x03B2, 0x0395, 0x03B5, 0x0398, 0x03B8, 0x0399, 0x03B9, 0x039A, 0x03BA, 0x039C, 0x03BC,
        0x03A0, 0x03C0, 0x03A1, 0x03C1, 0x03A3, 0x03C2, 0x03A6, 0x03C6, 0x03A9, 0x03C9, 0x03B2, 0x03D0,
        0x03B5, 0x03F5, 0x03B8, 0x03D1, 0x03B9, 0x1FBE, 0x03BA, 0x03F0, 0x03BC, 0x00B5, 0x03C0, 0x03D6,
        0x03C1, 0x03F1, 0x03C2, 0x03C3, 0x03C3, 0x03A3, 0x03C6, 0x03D5, 0x03C9, 0x2126, 0x03D0, 0x0392,
        0x03D1, 0x03F4, 0x03D5, 0x03A6, 0x03D6, 0x03A0, 0x03F0, 0x039A, 0x03F1, 0x03A1, 0x03F4, 0x0398,
        0x03F5, 0x0395, 0x0412, 0x0432, 0x0414, 0x0434, 0x041E, 0x043E, 0x0421, 0x0441, 0x0422, 0x0442,
        0x042A, 0x044A, 0x0432, 0x1C80, 0x0434, 0x1C81, 0x043E, 0x1C82, 0x0441, 0x1C83, 0x0442, 0x1C84,
        0x044A, 0x1C86, 0x0462, 0x0463, 0x0463, 0x1C87, 0x1C80, 0x0412, 0x1C81, 0x0414, 0x1C82, 0x041E,
        0x1C83, 0x0421, 0x1C84, 0x1C85, 0x1C85, 0x0422, 0x1C86, 0x042A, 0x1C87, 0x0462, 0x1C88, 0xA64A,
        0x1E60, 0x1E61, 0x1E61, 0x1E9B, 0x1E9B, 0x1E60, 0x1E9E, 0x00DF, 0x1FBE, 0x0345, 0x2126, 0x03A9,
        0x212A, 0x004B, 0x212B, 0x00C5, 0xA64A, 0xA64B, 0xA64B, 0x1C88,
    };

    /** unicode.IsSpace. */
    public static boolean isSpace(int r) {
        return switch (r) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> r >= 0x2000 && r <= 0x200A;
        };
    }

    /** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    public static boolean isPrint(int r) {
        if (r <= 0xFF) return (r >= 0x20 && r <= 0x7E) || (r >= 0xA1 && r != 0xAD);
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

    /** strconv.Quote (the {@code %q} verb): a double-quoted Go string literal. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(r -> {
            switch (r) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0B -> b.append("\\v");
                default -> {
                    if (isPrint(r)) b.appendCodePoint(r);
                    else if (r < ' ' || r == 0x7F) b.append("\\x").append(HexFormat.of().toHexDigits((byte) r));
                    else if (r < 0x10000) b.append("\\u").append(HexFormat.of().toHexDigits((short) r));
                    else b.append("\\U").append(HexFormat.of().toHexDigits(r));
                }
            }
        });
        return b.append('"').toString();
    }
}
