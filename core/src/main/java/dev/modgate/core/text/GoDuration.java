package dev.modgate.core.text;

import java.time.Duration;

/**
 * Durations written exactly as Go's {@code time.ParseDuration} reads them (ported from src/time/format.go):
 * a signed sequence of decimal numbers, each with an optional fraction and a unit ({@code ns}, {@code us},
 * {@code µs}, {@code μs}, {@code ms}, {@code s}, {@code m}, {@code h}): {@code 60s}, {@code 1h30m}, {@code 1.5h},
 * {@code -2m3.4s}. A number without a unit is an error except {@code 0}; the range is Go's, int64 nanoseconds.
 */
public final class GoDuration {
    private GoDuration() {}

    /** 1<<63 as an unsigned 64-bit value. */
    private static final long TWO_63 = Long.MIN_VALUE;

    /** As {@link #parse(String)}, the error naming the setting the value came from (e.g. "--list-ttl"). */
    public static Duration parse(String s, String setting) {
        try {
            return parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage());
        }
    }

    /** Go's ParseDuration; the error is Go's message and how to write one. */
    public static Duration parse(String s) {
        String orig = s;
        long d = 0; // unsigned
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return Duration.ZERO;
        if (s.isEmpty()) throw invalid(orig);
        while (!s.isEmpty()) {
            char c = s.charAt(0);
            if (!(c == '.' || isDigit(c))) throw invalid(orig);
            // Consume [0-9]*
            int i = 0;
            long v = 0;
            for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_63, 10)) > 0) throw invalid(orig);
                v = v * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(v, TWO_63) > 0) throw invalid(orig);
            }
            boolean pre = i > 0;
            s = s.substring(i);
            // Consume (\.[0-9]*)?
            long f = 0;
            double scale = 1;
            boolean post = false;
            if (!s.isEmpty() && s.charAt(0) == '.') {
                s = s.substring(1);
                boolean overflow = false;
                int j = 0;
                for (; j < s.length() && isDigit(s.charAt(j)); j++) {
                    if (overflow) continue;
                    if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
                        overflow = true; // it is possible for overflow to give a positive number, so take care
                        continue;
                    }
                    long y = f * 10 + (s.charAt(j) - '0');
                    if (Long.compareUnsigned(y, TWO_63) > 0) {
                        overflow = true;
                        continue;
                    }
                    f = y;
                    scale *= 10;
                }
                post = j > 0;
                s = s.substring(j);
            }
            if (!pre && !post) throw invalid(orig); // no digits, e.g. ".s" or "-.s"
            // Consume the unit.
            int u = 0;
            while (u < s.length() && s.charAt(u) != '.' && !isDigit(s.charAt(u))) u++;
            if (u == 0) throw new IllegalArgumentException("time: missing unit in duration " + quote(orig) + HINT);
            String unitName = s.substring(0, u);
            s = s.substring(u);
            long unit = switch (unitName) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("time: unknown unit " + quote(unitName) + " in duration " + quote(orig) + HINT);
            };
            if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_63, unit)) > 0) throw invalid(orig);
            v *= unit;
            if (f != 0) {
                // float64 is needed to be nanosecond accurate for fractions of hours (Go's comment); f < 2^63 here.
                v += toUnsigned((double) f * ((double) unit / scale));
                if (Long.compareUnsigned(v, TWO_63) > 0) throw invalid(orig);
            }
            d += v;
            if (Long.compareUnsigned(d, TWO_63) > 0) throw invalid(orig);
        }
        if (neg) return Duration.ofNanos(-d); // -(1<<63) wraps to itself: Long.MIN_VALUE, as in Go
        if (Long.compareUnsigned(d, Long.MAX_VALUE) > 0) throw invalid(orig);
        return Duration.ofNanos(d);
    }

    private static final String HINT = " (durations are written as in Go: 30s, 5m, 1h30m, 500ms; a bare number only as 0)";

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Go's uint64(float64) for values in [0, 2^64). */
    private static long toUnsigned(double x) {
        if (x < 0x1p63) return (long) x;
        return (long) (x - 0x1p63) + Long.MIN_VALUE;
    }

    private static IllegalArgumentException invalid(String orig) {
        return new IllegalArgumentException("time: invalid duration " + quote(orig) + HINT);
    }

    /** Go's time.quote: printable ASCII as is (with \" and \\), anything else as \xNN of its UTF-8 bytes. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0x80 || cp < ' ') {
                for (byte x : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    b.append(String.format("\\x%02x", x & 0xff));
                }
            } else {
                if (cp == '"' || cp == '\\') b.append('\\');
                b.append((char) cp);
            }
        }
        return b.append('"').toString();
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return (ms / 3_600_000) + "h";
        if (ms % 60_000 == 0 && ms > 0) return (ms / 60_000) + "m";
        if (ms % 1000 == 0) return (ms / 1000) + "s";
        return ms + "ms";
    }
}
