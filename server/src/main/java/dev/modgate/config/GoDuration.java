package dev.modgate.config;

import java.time.Duration;

/** Durations written the way Go users write them: "60s", "1m30s", "500ms", "2h". A bare number means seconds. */
public final class GoDuration {
    private GoDuration() {}

    public static Duration parse(String s) {
        String t = s.trim();
        if (t.isEmpty()) throw new IllegalArgumentException("empty duration");
        if (t.chars().allMatch(Character::isDigit)) return Duration.ofSeconds(Long.parseLong(t));
        long nanos = 0;
        int i = 0;
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
            if (start == i) throw bad(s);
            double n;
            try {
                n = Double.parseDouble(t.substring(start, i));
            } catch (NumberFormatException e) {
                throw bad(s);
            }
            int u = i;
            while (i < t.length() && Character.isLetter(t.charAt(i))) i++;
            long unit = switch (t.substring(u, i)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw bad(s);
            };
            nanos += (long) (n * unit);
        }
        return Duration.ofNanos(nanos);
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return (ms / 3_600_000) + "h";
        if (ms % 60_000 == 0 && ms > 0) return (ms / 60_000) + "m";
        if (ms % 1000 == 0) return (ms / 1000) + "s";
        return ms + "ms";
    }

    private static IllegalArgumentException bad(String s) {
        return new IllegalArgumentException("invalid duration \"" + s + "\" (use Go syntax such as 30s, 5m, 1h)");
    }
}
