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
 * The config file: one {@code key = value} per line, {@code #} comments, keys as the long flag names
 * ({@code upstream = https://proxy.golang.org,direct}). Tables are lines whose key is a table name and an argument:
 * {@code repo git.corp.example/* = https://git.corp.example/$1.git}. Deliberately plain: it is read by people under
 * pressure.
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
        return parse(file, knownKeys, Setting.TABLES).settings();
    }

    public static Contents parse(Path file, List<String> knownKeys, List<String> tables) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("config file " + file + " does not exist");
        }
        Map<String, String> out = new LinkedHashMap<>();
        List<TableLine> rows = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = file + ":" + (n + 1);
            int eq = line.indexOf('=');
            if (eq < 0) throw new IOException(where + ": expected key = value, got \"" + line + "\"");
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            String[] words = key.split("\\s+", 2);
            if (words.length == 2 && tables.contains(words[0])) {
                rows.add(new TableLine(words[0], words[1].strip(), value, where));
                continue;
            }
            if (tables.contains(key)) {
                throw new IOException(where + ": \"" + key + "\" lines need an argument: " + key + " WHAT = VALUE");
            }
            if (!knownKeys.contains(key)) {
                throw new IOException(where + ": unknown key \"" + key + "\" (known: " + String.join(", ", knownKeys) + "; tables: " + String.join(", ", tables) + ")");
            }
            out.put(key, value);
        }
        return new Contents(out, rows);
    }
}
