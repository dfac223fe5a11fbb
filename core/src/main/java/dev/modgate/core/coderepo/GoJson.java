package dev.modgate.core.coderepo;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The bits of Go's encoding/json the .info files need: strings escaped as Go escapes them, and times. */
final class GoJson {
    private GoJson() {}

    /** Go escapes <, > and & (HTML safety) and U+2028/U+2029 besides the JSON-mandatory characters. */
    static void appendString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** time.Time.MarshalJSON for a UTC time: RFC 3339 with fractional seconds only when there are any. */
    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
