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

    /** Config-file tables: lines "name ARG = VALUE" (see DirectConfig). */
    public static final List<String> TABLES = List.of("repo", "rewrite", "credentials", "ssh-key");
}
