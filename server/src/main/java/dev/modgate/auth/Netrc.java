package dev.modgate.auth;

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
 * A netrc file as the go command reads it (cmd/go/internal/auth/netrc.go): {@code machine}, {@code login},
 * {@code password} tokens; {@code default} ends the machine entries (and is ignored, as the go command ignores
 * it); {@code macdef} skips a macro up to the next blank line. The first entry for a machine wins.
 */
public final class Netrc {
    private Netrc() {}

    public static Map<String, HostCredentials> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        return parse(text);
    }

    static Map<String, HostCredentials> parse(String text) {
        Map<String, HostCredentials> out = new LinkedHashMap<>();
        String machine = null, login = null, password = null;
        boolean inMacro = false;
        for (String line : text.split("\n", -1)) {
            if (inMacro) {
                if (line.isEmpty()) inMacro = false;
                continue;
            }
            List<String> f = fields(line);
            for (int i = 0; i < f.size(); i++) {
                switch (f.get(i)) {
                    case "machine" -> {
                        add(out, machine, login, password);
                        machine = next(f, ++i);
                        login = null;
                        password = null;
                    }
                    case "default" -> {
                        add(out, machine, login, password);
                        return out;
                    }
                    case "login" -> login = next(f, ++i);
                    case "password" -> password = next(f, ++i);
                    case "macdef" -> {
                        // Macro definitions run to the next blank line.
                        inMacro = true;
                        i = f.size();
                    }
                    default -> { /* unknown token: ignored */ }
                }
            }
        }
        add(out, machine, login, password);
        return out;
    }

    private static void add(Map<String, HostCredentials> out, String machine, String login, String password) {
        if (machine != null && login != null && password != null) out.putIfAbsent(machine, new HostCredentials(login, password));
    }

    private static String next(List<String> f, int i) {
        return i < f.size() ? f.get(i) : null;
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String s : line.strip().split("\\s+")) if (!s.isEmpty()) out.add(s);
        return out;
    }
}
