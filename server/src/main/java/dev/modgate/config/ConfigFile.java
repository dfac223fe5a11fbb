package dev.modgate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config file: one {@code key = value} per line, {@code #} comments, keys as the long flag names
 * ({@code upstream = https://proxy.golang.org,direct}). Deliberately plain: it is read by people under pressure.
 */
public final class ConfigFile {
    private ConfigFile() {}

    public static Map<String, String> read(Path file, List<String> knownKeys) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("config file " + file + " does not exist");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq < 0) throw new IOException(file + ":" + (n + 1) + ": expected key = value, got \"" + line + "\"");
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!knownKeys.contains(key)) {
                throw new IOException(file + ":" + (n + 1) + ": unknown key \"" + key + "\" (known: " + String.join(", ", knownKeys) + ")");
            }
            out.put(key, value);
        }
        return out;
    }
}
