package dev.modgate.config;

import dev.modgate.core.text.GoDuration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The settings one command was given, each value taken from the first place that has it: its flag, its MODGATE_*
 * environment variable, the config file, its declared default. Values are checked by their {@link SettingSpec.Kind},
 * and every error names where the value came from ("--list-ttl", "MODGATE_LIST_TTL", "list-ttl in the config file").
 */
public final class SettingValues {
    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final ConfigFile.Contents file;

    /**
     * @param flags the flags given on the command line, by setting name, as typed ("true" for a boolean flag alone)
     * @param env   the process environment
     * @param file  the config file's contents (ConfigFile.Contents.EMPTY for none)
     */
    public SettingValues(Map<String, String> flags, Map<String, String> env, ConfigFile.Contents file) {
        this.flags = Map.copyOf(flags);
        this.env = env;
        this.file = file;
    }

    /** As the constructor, reading the config file that --config (else MODGATE_CONFIG) names, if any. */
    public static SettingValues read(Map<String, String> flags, Map<String, String> env) throws IOException {
        String configPath = new SettingValues(flags, env, ConfigFile.Contents.EMPTY).raw(Settings.CONFIG);
        ConfigFile.Contents file = configPath == null ? ConfigFile.Contents.EMPTY : ConfigFile.parse(Path.of(configPath), Settings.KEYS, Settings.TABLES);
        return new SettingValues(flags, env, file);
    }

    /** The value as written where it was found, else the declared default; null when neither. */
    public String raw(SettingSpec s) {
        if (flags.get(s.name()) != null) return flags.get(s.name());
        if (env.get(s.envName()) != null) return env.get(s.envName());
        if (s.inFile() && file.settings().get(s.name()) != null) return file.settings().get(s.name());
        return s.defaultValue();
    }

    /** Whether the flag, the environment or the config file gave it (not the default). */
    public boolean given(SettingSpec s) {
        return flags.get(s.name()) != null || env.get(s.envName()) != null || (s.inFile() && file.settings().get(s.name()) != null);
    }

    /**
     * Where the value came from, for error messages: "--key" (the flag, or nothing given), "MODGATE_KEY", or "key in
     * the config file".
     */
    public String origin(SettingSpec s) {
        if (flags.get(s.name()) != null) return s.flag();
        if (env.get(s.envName()) != null) return s.envName();
        if (s.inFile() && file.settings().get(s.name()) != null) return s.name() + " in the config file";
        return s.flag();
    }

    /** A TEXT, PATTERNS, FILE or DIRECTORY setting as written; null when not given and without default. */
    public String text(SettingSpec s) {
        return raw(s);
    }

    /** A FILE or DIRECTORY setting; null when not given and without default. */
    public Path path(SettingSpec s) {
        String v = raw(s);
        return v == null ? null : Path.of(v);
    }

    /** A DURATION (greater than zero) or DURATION_OR_ZERO setting, in Go syntax (GoDuration). */
    public Duration duration(SettingSpec s) {
        String v = raw(s);
        Duration d = GoDuration.parse(v, origin(s));
        if (s.kind() == SettingSpec.Kind.DURATION && (d.isZero() || d.isNegative())) {
            // 0 would mean "fail at once" to the HTTP client, not "no timeout".
            throw new IllegalArgumentException(origin(s) + " must be a positive duration such as 30s, got \"" + v + "\"");
        }
        if (d.isNegative()) throw new IllegalArgumentException(origin(s) + " must not be negative, got \"" + v + "\"");
        return d;
    }

    /** A COUNT setting: a whole number greater than zero. */
    public int count(SettingSpec s) {
        String v = raw(s);
        try {
            int n = Integer.parseInt(v.strip());
            if (n > 0) return n;
        } catch (NumberFormatException ignored) { /* reported below */ }
        throw new IllegalArgumentException(origin(s) + " must be a positive whole number, got \"" + v + "\"");
    }

    /**
     * A BOOLEAN setting as Go's strconv.ParseBool reads it (what the go command's and Go programs' flags accept): 1, t,
     * T, TRUE, true, True, 0, f, F, FALSE, false, False. Anything else is refused rather than guessed.
     */
    public boolean bool(SettingSpec s) {
        String v = raw(s);
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException(origin(s) + ": invalid boolean \"" + v
                    + "\" (write true or false; 1, 0, t, f, TRUE, FALSE, True, False are accepted too)");
        };
    }

    /** The value read and checked as its kind says (a Duration, Integer, Boolean, String, or null for none). */
    public Object value(SettingSpec s) {
        return switch (s.kind()) {
            case DURATION, DURATION_OR_ZERO -> duration(s);
            case COUNT -> count(s);
            case BOOLEAN -> bool(s);
            case PATTERNS, FILE, DIRECTORY, TEXT -> text(s);
        };
    }

    /** The process environment, for what settings derive from it ($NETRC, proxies). */
    public Map<String, String> env() {
        return env;
    }

    /** The config file's tables (repo, rewrite, credentials, ssh-key). */
    public java.util.List<ConfigFile.TableLine> tables() {
        return file.tables();
    }
}
