package dev.modgate.core.module;

import dev.modgate.core.semver.Semver;
import dev.modgate.core.text.GoStrings;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Pseudo-versions (module/pseudo.go): versions naming an untagged commit, ordered after its most recent tag.
 * <pre>
 *   (1) vX.0.0-yyyymmddhhmmss-abcdef123456              no earlier tag with major vX
 *   (2) vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef123456        after vX.Y.Z
 *   (3) vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef123456+incompatible
 *   (4) vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef123456        after vX.Y.Z-pre
 *   (5) vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef123456+incompatible
 * </pre>
 * The syntax test is Go's regular expression
 * {@code ^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$}
 * written out as a scan of an already valid semantic version.
 */
public final class PseudoVersion {
    private PseudoVersion() {}

    /** Go's reference-time layout of the timestamp (module.PseudoVersionTimestampFormat). */
    public static final String TIMESTAMP_FORMAT = "20060102150405";

    /** Go's zero time.Time, 0001-01-01T00:00:00Z, used by {@link #zero}. */
    public static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private static final int TIMESTAMP_LENGTH = 14;
    private static final String ZERO_REV = "000000000000";

    /** module.IsPseudoVersion. */
    public static boolean isPseudo(String v) {
        return v.indexOf('-') >= 0 && Semver.isValid(v) && matchesSyntax(v);
    }

    /** module.IsZeroPseudoVersion: v is what {@link #zero} returns for its major version. */
    public static boolean isZero(String v) {
        return v.equals(zero(Semver.major(v)));
    }

    /**
     * module.PseudoVersion: the pseudo-version for a commit at time {@code t} with revision {@code rev}
     * (usually a 12-character hash prefix), after the tag {@code older} ("" if none, in which case
     * {@code major}, default "v0", is used).
     */
    public static String build(String major, String older, Instant t, String rev) {
        if (major.isEmpty()) {
            major = "v0";
        }
        String segment = formatTimestamp(t) + "-" + rev;
        String build = Semver.build(older);
        older = Semver.canonical(older);
        if (older.isEmpty()) {
            return major + ".0.0-" + segment;
        }
        if (!Semver.prerelease(older).isEmpty()) {
            return older + ".0." + segment + build;
        }
        int i = older.lastIndexOf('.') + 1;
        return older.substring(0, i) + incDecimal(older.substring(i)) + "-0." + segment + build;
    }

    /** module.ZeroPseudoVersion: a placeholder with zero time and revision, e.g. v0.0.0-00010101000000-000000000000. */
    public static String zero(String major) {
        return build(major, "", ZERO_TIME, ZERO_REV);
    }

    /** t in UTC as Go formats "20060102150405": years beyond 9999 grow, negative years get a '-'. */
    public static String formatTimestamp(Instant t) {
        LocalDateTime d = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(16);
        int year = d.getYear();
        if (year < 0) {
            sb.append('-');
            year = -year;
        }
        pad(sb, year, 4);
        pad(sb, d.getMonthValue(), 2);
        pad(sb, d.getDayOfMonth(), 2);
        pad(sb, d.getHour(), 2);
        pad(sb, d.getMinute(), 2);
        pad(sb, d.getSecond(), 2);
        return sb.toString();
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int k = digits.length(); k < width; k++) {
            sb.append('0');
        }
        sb.append(digits);
    }

    /**
     * module.PseudoVersionBase: the tag the pseudo-version builds on ("" for form (1)), with any build suffix.
     * Throws {@link InvalidVersionException} (pseudo) for a non-pseudo-version or an impossible base.
     */
    public static String base(String v) {
        Parts p = parse(v);
        String base = p.base;
        String pre = Semver.prerelease(base);
        if (pre.isEmpty()) {
            if (!p.build.isEmpty()) {
                // "vX.0.0-" says there is no parent tag, "+incompatible" that the parent's major is wrong:
                // such versions exist in proxy.golang.org's index but are nonsensical.
                throw new InvalidVersionException(v, true,
                        "lacks base version, but has build metadata " + GoStrings.quote(p.build));
            }
            return "";
        }
        if (pre.equals("-0")) {
            base = base.substring(0, base.length() - pre.length());
            int i = base.lastIndexOf('.');
            String patch = decDecimal(base.substring(i + 1));
            if (patch.isEmpty()) {
                // vX.Y.0-0.… has been seen in proxy.golang.org's index but no theory explains it.
                throw new InvalidVersionException(v, true,
                        "version before " + base + " would have negative patch number");
            }
            return base.substring(0, i + 1) + patch + p.build;
        }
        // vX.Y.Z-pre.0.… → vX.Y.Z-pre: the syntax check guarantees the ".0".
        return base.substring(0, base.length() - 2) + p.build;
    }

    /** module.PseudoVersionTime: the commit time; throws {@link InvalidVersionException} if malformed. */
    public static Instant time(String v) {
        Parts p = parse(v);
        Instant t = parseTimestamp(p.timestamp);
        if (t == null) {
            throw new InvalidVersionException(v, true,
                    "malformed time " + GoStrings.quote(p.timestamp));
        }
        return t;
    }

    /** module.PseudoVersionRev: the revision after the last '-'; throws {@link InvalidVersionException} if not pseudo. */
    public static String rev(String v) {
        return parse(v).rev;
    }

    // ---- internals ----

    private record Parts(String base, String timestamp, String rev, String build) {}

    private static Parts parse(String v) {
        if (!isPseudo(v)) {
            throw new InvalidVersionException(v, true, "syntax error");
        }
        String build = Semver.build(v);
        String rest = v.substring(0, v.length() - build.length());
        int j = rest.lastIndexOf('-');
        String rev = rest.substring(j + 1);
        rest = rest.substring(0, j);
        int i = rest.lastIndexOf('-');
        int dot = rest.lastIndexOf('.');
        if (dot > i) {
            return new Parts(rest.substring(0, dot), rest.substring(dot + 1), rev, build); // "vX.Y.Z-pre.0", "vX.Y.(Z+1)-0"
        }
        return new Parts(rest.substring(0, i), rest.substring(i + 1), rev, build); // "vX.0.0"
    }

    /** The regular expression of the class comment, given that v is a valid semantic version. */
    private static boolean matchesSyntax(String v) {
        int dash = v.indexOf('-');
        int plus = v.indexOf('+');
        int preEnd = plus < 0 ? v.length() : plus;
        if (dash < 0 || dash > preEnd) {
            return false; // no prerelease
        }
        // Prerelease identifiers lie in (dash, preEnd); the last one must be yyyymmddhhmmss-rev.
        int lastDot = v.lastIndexOf('.', preEnd - 1);
        int lastIdent = lastDot > dash ? lastDot + 1 : dash + 1;
        if (!isTimestampAndRev(v, lastIdent, preEnd)) {
            return false;
        }
        if (lastIdent == dash + 1) {
            // Form (1): the whole prerelease is timestamp-rev, so the version must be vX.0.0.
            return v.regionMatches(dash - 4, ".0.0", 0, 4);
        }
        // Forms (2)-(5): the identifier before it is exactly "0".
        return v.charAt(lastIdent - 2) == '0' && (lastIdent - 3 == dash || v.charAt(lastIdent - 3) == '.');
    }

    /** s[start, end) is 14 digits, '-', and one or more ASCII letters or digits. */
    private static boolean isTimestampAndRev(String s, int start, int end) {
        int revStart = start + TIMESTAMP_LENGTH + 1;
        if (end - revStart < 1) {
            return false;
        }
        for (int i = start; i < start + TIMESTAMP_LENGTH; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        if (s.charAt(start + TIMESTAMP_LENGTH) != '-') {
            return false;
        }
        for (int i = revStart; i < end; i++) {
            char c = s.charAt(i);
            if (!(isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Go's time.Parse("20060102150405", ts) in UTC, or null where Go reports an error. */
    private static Instant parseTimestamp(String ts) {
        if (ts.length() != TIMESTAMP_LENGTH) {
            return null;
        }
        int year = Integer.parseInt(ts, 0, 4, 10);
        int month = Integer.parseInt(ts, 4, 6, 10);
        int day = Integer.parseInt(ts, 6, 8, 10);
        int hour = Integer.parseInt(ts, 8, 10, 10);
        int minute = Integer.parseInt(ts, 10, 12, 10);
        int second = Integer.parseInt(ts, 12, 14, 10);
        try {
            // LocalDateTime.of rejects exactly what Go's Parse does: month 1-12, day within the month
            // (proleptic Gregorian leap years), hour 0-23, minute 0-59, second 0-59.
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal string plus one ("99" → "100"). */
    static String incDecimal(String decimal) {
        char[] digits = decimal.toCharArray();
        int i = digits.length - 1;
        for (; i >= 0 && digits[i] == '9'; i--) {
            digits[i] = '0';
        }
        if (i >= 0) {
            digits[i]++;
            return new String(digits);
        }
        // All nines became zeros: "1" followed by them.
        return "1" + new String(digits);
    }

    /** The decimal string minus one ("100" → "99"), or "" if it is all zeros. */
    static String decDecimal(String decimal) {
        char[] digits = decimal.toCharArray();
        int i = digits.length - 1;
        for (; i >= 0 && digits[i] == '0'; i--) {
            digits[i] = '9';
        }
        if (i < 0) {
            return "";
        }
        if (i == 0 && digits[0] == '1' && digits.length > 1) {
            return new String(digits, 1, digits.length - 1);
        }
        digits[i]--;
        return new String(digits);
    }
}
