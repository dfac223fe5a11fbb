package dev.modgate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config file: one {@code key = value} per line, keys as the long flag names
 * ({@code upstream = https://proxy.golang.org,direct}), a boolean key alone meaning true ({@code offline}, as the
 * flag). Tables are lines whose key is a table name and an argument:
 * {@code repo git.corp.example/* = https://git.corp.example/$1.git}. Deliberately plain: it is read by people under
 * pressure.
 *
 * <p>Values, shell-like: {@code #} starts a comment at the start of a line or after a space or tab (so a URL's
 * {@code #} or a password's {@code a#b} stays); surrounding spaces are dropped. A value may be quoted as a whole: in
 * double quotes with the escapes {@code \\ \" \t \n \r} and a backslash, u and four hex digits, or in single quotes taken literally
 * ({@code sumdb = "name+key https://host/path"}, {@code password = 'a "b" # c'}); a quote inside an unquoted value
 * is an ordinary character.
 */
public final class ConfigFile {
    private ConfigFile() {}

    /** One line of a table: {@code name arg = value}, with its place for error messages. */
    public record TableLine(String table, String arg, String value, String where) {}

    /** Everything in a config file. */
    public record Contents(Map<String, String> settings, List<TableLine> tables) {
        public static final Contents EMPTY = new Contents(Map.of(), List.of());
    }

    /** The plain settings of the file (table lines are allowed and left out). */
    public static Map<String, String> read(Path file, List<String> knownKeys) throws IOException {
        return parse(file, knownKeys, Settings.TABLES).settings();
    }

    public static Contents parse(Path file, List<String> knownKeys, List<String> tables) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("config file " + file + " does not exist: fix the path given with --config or MODGATE_CONFIG");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException("config file " + file + " is not UTF-8 text");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("config file " + file + " cannot be read (permission denied): let the user running modgate read it");
        } catch (IOException e) {
            throw new IOException("config file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        List<TableLine> rows = new ArrayList<>();
        // A byte order mark (editors on Windows write one) is no part of the first key.
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) lines.set(0, lines.get(0).substring(1));
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = file + ":" + (n + 1);
            int eq = line.indexOf('='), hash = commentStart(line);
            if (hash >= 0 && hash < eq) eq = -1;
            if (eq < 0) {
                String key = uncommented(line);
                if (Settings.BOOLEANS.contains(key)) {
                    out.put(key, "true"); // "offline" alone, as the flag --offline
                    continue;
                }
                if (knownKeys.contains(key)) throw new IOException(where + ": \"" + key + "\" needs a value: " + key + " = VALUE");
                // Only the first word is repeated: the rest of a line missing its "=" may be a password
                // ("credentials host user u password SECRET").
                String first = key.split("\\s+")[0];
                if (!tables.contains(first)) throw unknown(where, first, knownKeys, tables);
                throw new IOException(where + ": a \"" + first + "\" line needs \" = \" between what it is for and its value: " + first + " WHAT = VALUE");
            }
            String key = line.substring(0, eq).strip();
            String value;
            try {
                value = value(line.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + e.getMessage());
            }
            String[] words = key.split("\\s+", 2);
            if (words.length == 2 && tables.contains(words[0])) {
                rows.add(new TableLine(words[0], words[1].strip(), value, where));
                continue;
            }
            if (tables.contains(key)) {
                throw new IOException(where + ": \"" + key + "\" lines need an argument: " + key + " WHAT = VALUE");
            }
            if (!knownKeys.contains(key)) throw unknown(where, key, knownKeys, tables);
            out.put(key, value);
        }
        return new Contents(out, rows);
    }

    private static IOException unknown(String where, String key, List<String> knownKeys, List<String> tables) {
        return new IOException(where + ": unknown key \"" + key + "\" (known: " + String.join(", ", knownKeys) + "; tables: " + String.join(", ", tables) + ")");
    }

    /** Where a comment starts: a "#" at the start or after a space or tab; -1 for none. */
    private static int commentStart(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '#' && (i == 0 || s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) return i;
        }
        return -1;
    }

    private static String uncommented(String s) {
        int i = commentStart(s);
        return (i < 0 ? s : s.substring(0, i)).strip();
    }

    /** A value as written after "=": unquoted up to a comment, or one quoted string followed by nothing but a comment. */
    static String value(String raw) {
        String s = raw.strip();
        if (s.isEmpty() || (s.charAt(0) != '"' && s.charAt(0) != '\'')) return uncommented(s);
        char q = s.charAt(0);
        StringBuilder b = new StringBuilder();
        int i = 1;
        for (; i < s.length() && s.charAt(i) != q; i++) {
            char c = s.charAt(i);
            if (c != '\\' || q == '\'') {
                b.append(c);
                continue;
            }
            if (++i == s.length()) break;
            switch (s.charAt(i)) {
                case '\\' -> b.append('\\');
                case '"' -> b.append('"');
                case 't' -> b.append('\t');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 'u' -> {
                    if (i + 5 > s.length() || !s.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
                        throw new IllegalArgumentException("\\u needs four hex digits in a double-quoted value");
                    }
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + s.charAt(i) + " in a double-quoted value"
                        + " (write \\\\ for a backslash, or put the value in single quotes to take it literally)");
            }
        }
        if (i >= s.length()) {
            throw new IllegalArgumentException("the value's opening " + q + " has no closing " + q
                    + " (quote the whole value, or use the other kind of quote for a value holding this one)");
        }
        String after = s.substring(i + 1).strip();
        if (!after.isEmpty() && !after.startsWith("#")) {
            throw new IllegalArgumentException("text after the closing " + q + ": \"" + after + "\" (quote the whole value; a comment starts with #)");
        }
        return b.toString();
    }
}
