package dev.modgate.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configurable value and where it came from: a command-line flag wins over the environment,
 * the environment over the config file, the file over the built-in default.
 */
public final class Setting {
    private final Map<String, String> env;
    private final Map<String, String> file;

    public Setting(Map<String, String> env, Map<String, String> file) {
        this.env = env;
        this.file = file;
    }

    /** @param key the config-file key, e.g. "list-ttl"; the environment variable is MODGATE_LIST_TTL */
    public String resolve(String flagValue, String key, String defaultValue) {
        return first(flagValue, env.get(envName(key)), file.get(key)).orElse(defaultValue);
    }

    /**
     * Where the value of key came from, for error messages: "--key" (the flag, or nothing given), "MODGATE_KEY", or
     * "key in the config file".
     */
    public String origin(String flagValue, String key) {
        if (flagValue != null) return "--" + key;
        if (env.get(envName(key)) != null) return envName(key);
        if (file.get(key) != null) return key + " in the config file";
        return "--" + key;
    }

    /**
     * A boolean as Go's strconv.ParseBool (what the go command's and Go programs' flags accept): 1, t, T, TRUE,
     * true, True, 0, f, F, FALSE, false, False. Anything else is refused rather than guessed.
     */
    public boolean bool(String flagValue, String key, boolean defaultValue) {
        String v = resolve(flagValue, key, null);
        if (v == null) return defaultValue;
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException(origin(flagValue, key) + ": invalid boolean \"" + v
                    + "\" (write true or false; 1, 0, t, f, TRUE, FALSE, True, False are accepted too)");
        };
    }

    /** A duration in Go syntax (GoDuration), the error naming where it came from. */
    public java.time.Duration duration(String flagValue, String key, String defaultValue) {
        return GoDuration.parse(resolve(flagValue, key, defaultValue), origin(flagValue, key));
    }

    public static String envName(String key) {
        return "MODGATE_" + key.toUpperCase().replace('-', '_');
    }

    private static Optional<String> first(String... candidates) {
        for (String c : candidates) if (c != null) return Optional.of(c);
        return Optional.empty();
    }

    /** Keys a config file may hold; anything else is a typo the user should hear about. */
    public static final List<String> KEYS = List.of(
            "listen", "data", "upstream", "list-ttl", "negative-ttl", "connect-timeout",
            "read-timeout", "fetch-timeout", "max-fetches", "shutdown-timeout", "offline", "sumdb-required",
            "private", "noproxy", "insecure", "netrc", "ssh-dir", "sumdb", "nosumdb", "private-sumdb");

    /** Keys that are on or off; in the config file such a key alone means true, as its flag does. */
    public static final List<String> BOOLEANS = List.of("offline", "sumdb-required");

    /** Config-file tables: lines "name ARG = VALUE" (see DirectConfig). */
    public static final List<String> TABLES = List.of("repo", "rewrite", "credentials", "ssh-key");
}
