package dev.modgate.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a policy file split into words: separated by spaces or tabs, "double quoted" words may hold spaces
 * (with \" and \\ inside), a # outside quotes starts a comment.
 *
 * @param file the file's name as given, for messages
 * @param number the line's number, from 1
 * @param text the line as written, without its comment and surrounding spaces
 */
record PolicyLine(String file, int number, String text, List<String> words) {
    static PolicyLine of(String file, int number, String raw) throws PolicyException {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        int end = raw.length();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '#') {
                end = i;
                break;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                if (w != null) words.add(w.toString());
                w = null;
                continue;
            }
            if (c == '"') {
                StringBuilder q = new StringBuilder();
                int j = i + 1;
                for (; j < raw.length() && raw.charAt(j) != '"'; j++) {
                    char d = raw.charAt(j);
                    if (d == '\\' && j + 1 < raw.length() && (raw.charAt(j + 1) == '"' || raw.charAt(j + 1) == '\\')) d = raw.charAt(++j);
                    // Quoted text reaches 403 bodies and logs: no terminal escapes or line breaks in it either.
                    if (d < 0x20 && d != '\t' || d == 0x7f) throw control(file, number, d);
                    q.append(d);
                }
                if (j >= raw.length()) throw new PolicyException(file + ":" + number + ": unterminated quoted text: end it with \"");
                if (w != null) throw new PolicyException(file + ":" + number + ": put a space before the quoted text");
                words.add(q.toString());
                i = j;
                if (i + 1 < raw.length() && " \t\r#".indexOf(raw.charAt(i + 1)) < 0) {
                    throw new PolicyException(file + ":" + number + ": put a space after the quoted text");
                }
                continue;
            }
            if (c < 0x20 || c == 0x7f) throw control(file, number, c);
            if (w == null) w = new StringBuilder();
            w.append(c);
        }
        if (w != null) words.add(w.toString());
        return new PolicyLine(file, number, raw.substring(0, end).strip(), List.copyOf(words));
    }

    private static PolicyException control(String file, int number, char c) {
        return new PolicyException(file + ":" + number + ": control character (0x" + Integer.toHexString(c) + ") in the line: remove it");
    }

    /** Where the line is: "policy.txt:7". */
    String where() {
        return file + ":" + number;
    }

    PolicyException error(String message) {
        return new PolicyException(where() + ": " + message);
    }
}
