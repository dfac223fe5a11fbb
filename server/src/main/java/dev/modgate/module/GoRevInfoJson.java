package dev.modgate.module;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads an .info/@latest body the way the go command does: {@code json.Unmarshal(data, &RevInfo{})} with
 * {@code RevInfo{Version string; Time time.Time; Origin *codehost.Origin}} (cmd/go/internal/modfetch/proxy.go Stat
 * and Latest), so a body is accepted exactly when that call returns no error, and the version read is the one the go
 * command would see. Go's encoding/json differs from a plain JSON reader in ways an upstream can exploit:
 * <ul>
 *   <li>keys match fields case-insensitively (bytes.EqualFold: Unicode simple folding, so "VERSION", and even
 *       "ver\u017Fion" with a long s, set Version), and every matching key is applied in order: the last wins;
 *   <li>null leaves a string field or Time unchanged; any other wrong type (a number for Version, 5 for Origin, a
 *       number in an Origin field) is an error;
 *   <li>Time is decoded by time.Time.UnmarshalJSON from the raw literal between the quotes, escapes not undone, with
 *       time.Parse(time.RFC3339): see {@link #goRfc3339};
 *   <li>anything but white space after the value is an error; keys that are no field (also "Name" and "Short",
 *       which RevInfo tags json:"-") are skipped whatever their value.
 * </ul>
 * Invalid UTF-8 is read as U+FFFD, as encoding/json does, so it can only matter inside strings.
 */
public final class GoRevInfoJson {
    /** Version as the go command would see it (null when the body sets none) and Time's raw text, if any. */
    public record RevInfo(String version, String time) {}

    /** codehost.Origin's fields, all strings (cmd/go/internal/modfetch/codehost/codehost.go). */
    private static final List<String> ORIGIN_FIELDS = List.of("VCS", "URL", "Subdir", "Hash", "TagPrefix", "TagSum", "Ref", "RepoSum");

    /**
     * Go's scanner allows 10000 open objects and arrays, the outermost included ("exceeded max depth" at the 10001st,
     * encoding/json/scanner.go maxNestingDepth); Jackson counts the same way, so the same limit, no more: its smaller
     * defaults would refuse bodies the go command accepts, a larger one would store bodies it rejects.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10_000).maxNumberLength(Integer.MAX_VALUE).build())
            .build();

    private GoRevInfoJson() {}

    /** The decoded body, or IllegalArgumentException with the reason the go command would refuse it. */
    public static RevInfo decode(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        // A byte order mark is no JSON white space to Go ("invalid character 'ï' looking for beginning of value").
        if (text.startsWith("\uFEFF")) throw new IllegalArgumentException("invalid character before the JSON value (byte order mark)");
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new IllegalArgumentException("unexpected end of JSON input");
            RevInfo r = new RevInfo(null, null);
            if (t == JsonToken.START_OBJECT) {
                r = object(p, text);
            } else if (t != JsonToken.VALUE_NULL) {
                throw new IllegalArgumentException("cannot unmarshal " + kind(t) + " into Go value of type modfetch.RevInfo");
            }
            // Jackson reads several root values in a row; Go allows white space only.
            if (p.nextToken() != null) throw new IllegalArgumentException("invalid character after top-level value");
            return r;
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static RevInfo object(JsonParser p, String text) throws IOException {
        String version = null, time = null;
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_OBJECT; ) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (foldEquals(key, "Version")) {
                if (v == JsonToken.VALUE_STRING) version = p.getText();
                else if (v != JsonToken.VALUE_NULL) throw typeError(v, "RevInfo.Version", "string");
                else skip(p, v);
            } else if (foldEquals(key, "Time")) {
                if (v == JsonToken.VALUE_NULL) continue;
                String raw = raw(p, v, text);
                // time.Time.UnmarshalJSON sees the literal itself: a number or an object fails to parse as well.
                if (raw == null || !goRfc3339(raw)) {
                    throw new IllegalArgumentException("parsing time " + (raw == null ? kind(v) : raw) + " as RFC 3339 (\"2006-01-02T15:04:05Z07:00\") failed");
                }
                time = raw;
            } else if (foldEquals(key, "Origin")) {
                if (v == JsonToken.START_OBJECT) origin(p);
                else if (v != JsonToken.VALUE_NULL) throw typeError(v, "RevInfo.Origin", "codehost.Origin");
            } else {
                skip(p, v);
            }
        }
        return new RevInfo(version, time);
    }

    private static void origin(JsonParser p) throws IOException {
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_OBJECT; ) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            String field = ORIGIN_FIELDS.stream().filter(f -> foldEquals(key, f)).findFirst().orElse(null);
            if (field != null && v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) throw typeError(v, "Origin." + field, "string");
            skip(p, v);
        }
    }

    /** The raw text of a string token, quotes stripped and escapes kept; null for any other token. */
    private static String raw(JsonParser p, JsonToken v, String text) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            skip(p, v);
            return null;
        }
        int start = (int) p.currentTokenLocation().getCharOffset();
        p.getText(); // reads the string to its end
        int end = (int) p.currentLocation().getCharOffset();
        if (start < 0 || end > text.length() || end - start < 2 || text.charAt(start) != '"' || text.charAt(end - 1) != '"') {
            throw new IllegalStateException("could not locate a JSON string in the .info body");
        }
        return text.substring(start + 1, end - 1);
    }

    private static void skip(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) p.skipChildren();
    }

    /**
     * bytes.EqualFold of a key against an ASCII field name, as encoding/json matches them: equal under Unicode simple
     * case folding. The only non-ASCII runes that fold to ASCII letters are U+017F (long s, to s) and U+212A (Kelvin
     * sign, to k); String.equalsIgnoreCase would also take U+0131 (dotless i) for i, which Go does not.
     */
    static boolean foldEquals(String key, String field) {
        if (key.length() != field.length()) return false;
        for (int i = 0; i < key.length(); i++) {
            char k = key.charAt(i), f = Character.toLowerCase(field.charAt(i));
            if (Character.toLowerCase(k) == f && k < 0x80) continue;
            if (k == '\u017F' && f == 's') continue;
            if (k == '\u212A' && f == 'k') continue;
            return false;
        }
        return true;
    }

    /**
     * time.Parse(time.RFC3339, s) as the current go command runs it for a JSON time (time.Time.UnmarshalJSON:
     * parseStrictRFC3339, whose strict checks are disabled, so time.Parse decides): a four-digit year; two-digit
     * month 01-12 and day valid for that month; a one- or two-digit hour 0-23; two-digit minute and second 0-59;
     * an optional fraction after '.' or ',' of any number of digits; then "Z" (upper case) or +hh:mm/-hh:mm with
     * two digits each, hour at most 24 and minute at most 60; nothing after. The separators '-', 'T' and ':' are
     * literal and case-sensitive. Go 1.19 read the zone's digits with a sign-accepting atoi and no range check, so
     * it took a few zones newer go commands refuse ("+99:00"); those are refused here, as newer clients would.
     */
    static boolean goRfc3339(String s) {
        int[] pos = {0};
        int year = fixedDigits(s, pos, 4);
        if (year < 0 || !literal(s, pos, '-')) return false;
        int month = fixedDigits(s, pos, 2);
        if (month < 1 || month > 12 || !literal(s, pos, '-')) return false;
        int day = fixedDigits(s, pos, 2);
        if (day < 0 || !literal(s, pos, 'T')) return false;
        int hour = digit(s, pos[0]) ? (digit(s, pos[0] + 1) ? fixedDigits(s, pos, 2) : fixedDigits(s, pos, 1)) : -1;
        if (hour < 0 || hour >= 24 || !literal(s, pos, ':')) return false;
        int minute = fixedDigits(s, pos, 2);
        if (minute < 0 || minute >= 60 || !literal(s, pos, ':')) return false;
        int second = fixedDigits(s, pos, 2);
        if (second < 0 || second >= 60) return false;
        int i = pos[0];
        if (i + 1 < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',') && digit(s, i + 1)) {
            i += 2;
            while (digit(s, i)) i++;
        }
        String zone = s.substring(i);
        if (!zone.equals("Z")) {
            if (zone.length() != 6 || (zone.charAt(0) != '+' && zone.charAt(0) != '-') || zone.charAt(3) != ':') return false;
            int[] zp = {1};
            int zh = fixedDigits(zone, zp, 2);
            zp[0] = 4;
            int zm = fixedDigits(zone, zp, 2);
            if (zh < 0 || zm < 0 || zh > 24 || zm > 60) return false;
        }
        return day >= 1 && day <= daysIn(month, year);
    }

    private static int daysIn(int month, int year) {
        if (month == 2) return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    private static boolean digit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    private static int fixedDigits(String s, int[] pos, int n) {
        int v = 0;
        for (int k = 0; k < n; k++) {
            if (!digit(s, pos[0] + k)) return -1;
            v = v * 10 + s.charAt(pos[0] + k) - '0';
        }
        pos[0] += n;
        return v;
    }

    private static boolean literal(String s, int[] pos, char c) {
        if (pos[0] >= s.length() || s.charAt(pos[0]) != c) return false;
        pos[0]++;
        return true;
    }

    private static IllegalArgumentException typeError(JsonToken v, String field, String type) {
        return new IllegalArgumentException("cannot unmarshal " + kind(v) + " into Go struct field " + field + " of type " + type);
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            default -> "null";
        };
    }

    private static String firstLine(String s) {
        String m = String.valueOf(s);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
