package dev.modgate.cli;

import dev.modgate.config.ConfigFile;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The data directory for commands that only read or fill it (bundle, sumdb key): found as serve and prefetch find
 * it, so one config file or MODGATE_* environment serves every command: --data, else MODGATE_DATA, else the config
 * file's data line (--config, else MODGATE_CONFIG), else the default.
 */
public final class DataDirOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: $MODGATE_DATA, else the config file's data, else " + ServerConfig.DEFAULT_DATA + ").")
    String data;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file whose data line names the data directory (as for serve). Env: MODGATE_CONFIG.")
    String config;

    /** The data directory, for reading: it may not exist yet, but a file in its place is an error now. */
    Path dataDir(Map<String, String> env) throws IOException {
        Path dir = Path.of(setting(env, data, "data", ServerConfig.DEFAULT_DATA));
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new IOException("data directory " + dir.toAbsolutePath() + " is a file, not a directory: give --data the data directory");
        }
        return dir;
    }

    /** The data directory, for writing: created when missing and checked writable, as serve does (StartupChecks). */
    Path writableDataDir(Map<String, String> env) throws IOException {
        Path dir = dataDir(env);
        StartupChecks.dataDir(dir, data != null ? "--data" : env.get("MODGATE_DATA") != null ? "MODGATE_DATA" : "--data");
        return dir;
    }

    /** Another setting with the same precedence: the flag's value, else MODGATE_KEY, else the config file's key. */
    String setting(Map<String, String> env, String flagValue, String key, String defaultValue) throws IOException {
        String configPath = config != null ? config : env.get("MODGATE_CONFIG");
        Map<String, String> file = configPath == null ? Map.of() : ConfigFile.read(Path.of(configPath), Setting.KEYS);
        return new Setting(env, file).resolve(flagValue, key, defaultValue);
    }
}
